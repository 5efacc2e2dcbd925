package io.lethe.dsar;

import io.lethe.dsar.spi.RequestRepository;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/** Requests in memory, for tests and single-process hosts; lost on restart. */
public final class InMemoryRequestRepository implements RequestRepository {

  private final ConcurrentMap<String, DataSubjectRequest> requests = new ConcurrentHashMap<>();

  /** Creates an empty repository. */
  public InMemoryRequestRepository() {}

  @Override
  public void save(DataSubjectRequest request) {
    Objects.requireNonNull(request, "request");
    requests.put(request.id(), request);
  }

  @Override
  public Optional<DataSubjectRequest> find(String id) {
    return Optional.ofNullable(requests.get(id));
  }

  @Override
  public List<DataSubjectRequest> dueWithin(Duration window, Instant now) {
    Instant until = now.plus(window);
    return open(r -> !r.effectiveDueAt().isBefore(now) && !r.effectiveDueAt().isAfter(until));
  }

  @Override
  public List<DataSubjectRequest> overdue(Instant now) {
    return open(r -> r.effectiveDueAt().isBefore(now));
  }

  private List<DataSubjectRequest> open(Predicate<DataSubjectRequest> filter) {
    return requests.values().stream()
        .filter(r -> !r.state().isFinal())
        .filter(filter)
        .sorted(
            Comparator.comparing(DataSubjectRequest::effectiveDueAt)
                .thenComparing(DataSubjectRequest::id))
        .collect(Collectors.toList());
  }
}
