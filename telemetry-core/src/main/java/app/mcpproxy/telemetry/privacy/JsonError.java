package app.mcpproxy.telemetry.privacy;

/** Why bytes are not a payload: each error is reported by its code and an offset, never content. */
enum JsonError {
  UNEXPECTED_END("unexpected_end", "the JSON ends early"),
  TOP_LEVEL_NOT_OBJECT("top_level_not_object", "the top-level value is not an object"),
  UNEXPECTED_CHARACTER("unexpected_character", "unexpected character"),
  TRAILING_DATA("trailing_data", "data follows the top-level object"),
  DUPLICATE_KEY("duplicate_key", "an object has a duplicated key"),
  UNTERMINATED_STRING("unterminated_string", "a string is not terminated"),
  INVALID_ESCAPE("invalid_escape", "invalid escape sequence"),
  LONE_SURROGATE("lone_surrogate", "a \\u escape is half of a surrogate pair"),
  CONTROL_CHARACTER("control_character", "unescaped control character in a string"),
  INVALID_UTF8("invalid_utf8", "invalid UTF-8"),
  INVALID_NUMBER("invalid_number", "invalid number"),
  INVALID_LITERAL("invalid_literal", "invalid literal"),
  TOO_DEEP("nesting_too_deep", "nesting deeper than " + PayloadScan.MAX_DEPTH + " levels");

  private final String code;
  private final String description;

  JsonError(String code, String description) {
    this.code = code;
    this.description = description;
  }

  String code() {
    return code;
  }

  String describe(int offset) {
    return "not a valid JSON payload: " + description + " at byte " + offset;
  }
}
