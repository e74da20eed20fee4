package app.mcpproxy.telemetry.privacy;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Follows the top-level {@code env_markers} field through one scan and keeps the first way it
 * deviates from an object of exactly the five boolean markers. The tokenizer reports keys, value
 * starts and object ends with their nesting depth (the top-level object is depth 1).
 */
final class EnvMarkersCheck {

  // Value kinds the tokenizer reports.
  static final int OTHER = 0;
  static final int BOOLEAN = 1;
  static final int OBJECT = 2;

  static final String FIELD = "env_markers";
  static final List<String> MARKERS =
      List.of("has_ci_env", "has_cloud_ide_env", "is_container", "has_tty", "has_display");
  private static final int ALL_MARKERS = (1 << MARKERS.size()) - 1;

  private boolean fieldPending;
  private boolean inside;
  private int seen;
  private int current;
  private @Nullable String pattern;
  private @Nullable String reason;

  /** Forgets a previous scan. */
  void reset() {
    fieldPending = false;
    inside = false;
    seen = 0;
    current = 0;
    pattern = null;
    reason = null;
  }

  /** Whether keys at depth 2 belong to {@code env_markers} and must be reported by name. */
  boolean inside() {
    return inside;
  }

  /** A top-level key was read; {@code isField} tells whether it is {@code env_markers}. */
  void topLevelKey(boolean isField) {
    fieldPending = isField;
  }

  /** A key of {@code env_markers} was read: its marker index, or -1 for any other key. */
  void markerKey(int marker) {
    current = marker;
    if (marker < 0) {
      violation(FIELD, "env_markers has a key that is not one of the five markers");
    } else {
      seen |= 1 << marker;
    }
  }

  /** A value starts at the given depth. */
  void valueStarts(int depth, int kind) {
    if (depth == 1) {
      if (fieldPending) {
        fieldPending = false;
        if (kind == OBJECT) {
          inside = true;
          seen = 0;
        } else {
          violation(FIELD, "env_markers is not an object");
        }
      }
    } else if (depth == 2 && inside && kind != BOOLEAN && current >= 0) {
      violation(MARKERS.get(current), "env_markers." + MARKERS.get(current) + " is not a boolean");
    }
  }

  /** An object at the given depth closes. */
  void objectCloses(int depth) {
    if (depth == 2 && inside) {
      inside = false;
      if (seen != ALL_MARKERS) {
        int missing = Integer.numberOfTrailingZeros(~seen);
        violation(MARKERS.get(missing), "env_markers lacks " + MARKERS.get(missing));
      }
    }
  }

  private void violation(String newPattern, String newReason) {
    if (pattern == null) {
      pattern = newPattern;
      reason = newReason;
    }
  }

  /** The offending key or {@code env_markers}, or {@code null} when the shape is right. */
  @Nullable String pattern() {
    return pattern;
  }

  @Nullable String reason() {
    return reason;
  }
}
