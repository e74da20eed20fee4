package app.mcpproxy.telemetry.cli.fleet;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;

/** The clock of one simulated install: it reads the simulated moment, set by the simulation. */
final class SimulatedClock extends Clock {
  private volatile Instant now;

  SimulatedClock(Instant start) {
    this.now = Objects.requireNonNull(start, "start");
  }

  /** Moves the clock to a moment of the simulation, forward or back. */
  void set(Instant moment) {
    this.now = Objects.requireNonNull(moment, "moment");
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    // Every reader of this clock wants instants; a zone does not change them.
    return this;
  }

  @Override
  public Instant instant() {
    return now;
  }
}
