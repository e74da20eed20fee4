package app.mcpproxy.telemetry.counters;

import app.mcpproxy.telemetry.model.DoctorCounts;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Pass and fail counts by declared diagnostic check name. The names are fixed when the registry is
 * built, with their counters, so recording is a table lookup and an increment; a result of an
 * undeclared check is dropped and only counted locally.
 */
final class DoctorCounters {
  private final List<String> names;
  private final KeyTable table;
  private final LongAdder[] passes;
  private final LongAdder[] fails;
  private final LongAdder undeclared = new LongAdder();

  DoctorCounters(List<String> declaredNames) {
    this.names = declaredNames;
    this.table = new KeyTable(declaredNames);
    this.passes = Adders.create(declaredNames.size());
    this.fails = Adders.create(declaredNames.size());
  }

  void record(String checkName, boolean passed) {
    int check = table.positionOf(checkName);
    if (check < 0) {
      if (checkName != null && !checkName.isEmpty()) {
        undeclared.increment();
      }
      return;
    }
    (passed ? passes : fails)[check].increment();
  }

  /** Results of checks that were named but not declared, dropped. */
  long undeclaredTotal() {
    return undeclared.sum();
  }

  SortedMap<String, DoctorCounts> snapshot() {
    SortedMap<String, DoctorCounts> checks = new TreeMap<>();
    for (int check = 0; check < names.size(); check++) {
      long pass = passes[check].sum();
      long fail = fails[check].sum();
      if (pass > 0 || fail > 0) {
        checks.put(names.get(check), new DoctorCounts(pass, fail));
      }
    }
    return checks;
  }

  void subtract(Map<String, DoctorCounts> sent) {
    sent.forEach(
        (name, counts) -> {
          int check = table.positionOf(name);
          if (check >= 0) {
            Adders.subtract(passes[check], counts.pass());
            Adders.subtract(fails[check], counts.fail());
          }
        });
  }

  /** Adds restored counts of declared checks; those of any other name are dropped. */
  void add(Map<String, DoctorCounts> restored) {
    restored.forEach(
        (name, counts) -> {
          int check = table.positionOf(name);
          if (check < 0) {
            undeclared.add(Math.max(0, counts.pass()) + Math.max(0, counts.fail()));
            return;
          }
          Adders.add(passes[check], counts.pass());
          Adders.add(fails[check], counts.fail());
        });
  }

  /** Zeroes one check's counts; returns whether it is declared. */
  boolean clear(String name) {
    int check = table.positionOf(name);
    if (check < 0) {
      return false;
    }
    Adders.clear(passes[check]);
    Adders.clear(fails[check]);
    return true;
  }

  void reset() {
    for (int check = 0; check < names.size(); check++) {
      Adders.clear(passes[check]);
      Adders.clear(fails[check]);
    }
  }
}
