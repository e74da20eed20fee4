package app.mcpproxy.telemetry.cli.fleet;

import java.util.List;

/**
 * A release of the simulated host: its version and the simulated day it came out (negative: before
 * the simulation's first day).
 *
 * @param version the version, semver
 * @param day the day it came out, counted from the simulation's first day
 */
record Release(String version, int day) {
  /** The releases of the simulation: a minor release every two weeks or so, and one patch. */
  static List<Release> schedule(int days) {
    List<Release> all =
        List.of(
            new Release("v0.20.0", -30),
            new Release("v0.21.0", days * 10 / 100),
            new Release("v0.22.0", days * 28 / 100),
            new Release("v0.22.1", days * 34 / 100),
            new Release("v0.23.0", days * 52 / 100),
            new Release("v0.24.0", days * 70 / 100),
            new Release("v0.25.0", days * 86 / 100));
    return all;
  }

  /** The newest release out on {@code day}, {@code lag} days late. */
  static Release newestOn(List<Release> schedule, int day, int lag) {
    Release newest = schedule.get(0);
    for (Release release : schedule) {
      if (release.day() + lag <= day) {
        newest = release;
      }
    }
    return newest;
  }
}
