package io.lethe.dsar.export;

import java.io.IOException;
import java.io.OutputStream;

/** Counts the bytes written to it, then discards them or hands them on. */
final class CountingSink extends OutputStream {

  private final OutputStream next;
  private long bytes;

  /** A sink that discards everything. */
  CountingSink() {
    this(OutputStream.nullOutputStream());
  }

  /**
   * @param next where the bytes go after they are counted
   */
  CountingSink(OutputStream next) {
    this.next = next;
  }

  /** {@return how many bytes were written so far} */
  long bytes() {
    return bytes;
  }

  @Override
  public void write(int b) throws IOException {
    bytes++;
    next.write(b);
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    bytes += len;
    next.write(b, off, len);
  }

  @Override
  public void flush() throws IOException {
    next.flush();
  }

  @Override
  public void close() throws IOException {
    next.close();
  }
}
