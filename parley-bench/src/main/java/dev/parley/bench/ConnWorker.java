package dev.parley.bench;

final class ConnWorker {
  private ConnWorker() {}

  static void main(String[] args) {
    throw new UnsupportedOperationException("not yet");
  }
}
