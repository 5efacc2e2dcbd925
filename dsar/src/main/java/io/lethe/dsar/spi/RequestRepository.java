package io.lethe.dsar.spi;

import io.lethe.dsar.DataSubjectRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Where requests are kept, so they survive a restart. Implementations store the subject's
 * identifier: keep them with the personal data they concern.
 */
public interface RequestRepository {

  /**
   * Inserts or replaces a request, with its whole history.
   *
   * @param request the request
   */
  void save(DataSubjectRequest request);

  /**
   * Reads a request.
   *
   * @param id its id
   * @return the request, empty if unknown
   */
  Optional<DataSubjectRequest> find(String id);

  /**
   * Open requests (not completed, denied or cancelled) whose deadline in force (the extended one if
   * extended) falls from {@code now} to {@code now + window}, inclusive, soonest first.
   *
   * @param window how far ahead to look
   * @param now the current time
   * @return the requests
   */
  List<DataSubjectRequest> dueWithin(Duration window, Instant now);

  /**
   * Open requests whose deadline in force is before {@code now}, most overdue first.
   *
   * @param now the current time
   * @return the requests
   */
  List<DataSubjectRequest> overdue(Instant now);
}
