package app.mcpproxy.telemetry.feedback;

import app.mcpproxy.telemetry.model.FeedbackRequest;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Checks feedback before it takes a rate-limit slot or leaves the machine.
 *
 * <p>Rules: the category is exactly {@code bug}, {@code feature} or {@code other}; the message,
 * trimmed, has at least {@value #MIN_MESSAGE_LENGTH} characters and, as sent, at most {@value
 * #MAX_MESSAGE_LENGTH}, counted as Unicode code points; the e-mail address is optional and, when
 * present, looks like {@code name@example.org}, has no whitespace and at most {@value
 * #MAX_EMAIL_LENGTH} characters.
 *
 * <pre>{@code
 * FeedbackValidation.validate(new FeedbackRequest("bug", "The tray icon vanishes", null, null));
 * }</pre>
 */
public final class FeedbackValidation {
  /** The accepted categories. */
  public static final List<String> CATEGORIES = List.of("bug", "feature", "other");

  /** Fewest characters a trimmed message may have. */
  public static final int MIN_MESSAGE_LENGTH = 10;

  /** Most characters a message may have. */
  public static final int MAX_MESSAGE_LENGTH = 5000;

  /** Most characters an e-mail address may have. */
  public static final int MAX_EMAIL_LENGTH = 254;

  private FeedbackValidation() {}

  /**
   * Tells whether a category is one of {@code bug}, {@code feature} or {@code other}, exactly.
   *
   * @param category the category; may be {@code null}
   * @return {@code true} for an accepted category
   */
  public static boolean isValidCategory(@Nullable String category) {
    return category != null && CATEGORIES.contains(category);
  }

  /**
   * Checks category, message and e-mail address of a feedback request.
   *
   * @param request the request
   * @throws InvalidFeedbackException naming the first field that is wrong and why
   */
  public static void validate(FeedbackRequest request) throws InvalidFeedbackException {
    Objects.requireNonNull(request, "request");
    validateCategory(request.category());
    validateMessage(request.message());
    validateEmail(request.email());
  }

  /**
   * Checks a feedback message: at least {@value #MIN_MESSAGE_LENGTH} characters once trimmed, at
   * most {@value #MAX_MESSAGE_LENGTH} as given, counted as Unicode code points.
   *
   * @param message the message; may be {@code null}
   * @throws InvalidFeedbackException when the message is missing, too short or too long
   */
  public static void validateMessage(@Nullable String message) throws InvalidFeedbackException {
    if (message == null) {
      throw new InvalidFeedbackException("message", "message is required");
    }
    String trimmed = message.strip();
    int trimmedLength = trimmed.codePointCount(0, trimmed.length());
    if (trimmedLength < MIN_MESSAGE_LENGTH) {
      throw new InvalidFeedbackException(
          "message",
          "message must be at least "
              + MIN_MESSAGE_LENGTH
              + " characters, got "
              + trimmedLength
              + (trimmed.length() < message.length() ? " after trimming whitespace" : ""));
    }
    int length = message.codePointCount(0, message.length());
    if (length > MAX_MESSAGE_LENGTH) {
      throw new InvalidFeedbackException(
          "message",
          "message must be at most " + MAX_MESSAGE_LENGTH + " characters, got " + length);
    }
  }

  private static void validateCategory(String category) throws InvalidFeedbackException {
    if (category == null || category.isEmpty()) {
      throw new InvalidFeedbackException(
          "category", "category is required, one of " + String.join(", ", CATEGORIES));
    }
    if (!isValidCategory(category)) {
      throw new InvalidFeedbackException(
          "category",
          "category must be one of "
              + String.join(", ", CATEGORIES)
              + ", got \""
              + printable(category)
              + "\"");
    }
  }

  private static void validateEmail(@Nullable String email) throws InvalidFeedbackException {
    if (email == null || email.isEmpty()) {
      return;
    }
    // The address is personal data, so messages say what is wrong without repeating it.
    int length = email.codePointCount(0, email.length());
    if (length > MAX_EMAIL_LENGTH) {
      throw new InvalidFeedbackException(
          "email", "email must be at most " + MAX_EMAIL_LENGTH + " characters, got " + length);
    }
    for (int i = 0; i < email.length(); i++) {
      char c = email.charAt(i);
      if (Character.isWhitespace(c) || Character.isSpaceChar(c) || Character.isISOControl(c)) {
        throw new InvalidFeedbackException(
            "email", "email must not contain whitespace or control characters");
      }
    }
    if (!looksLikeAddress(email)) {
      throw new InvalidFeedbackException(
          "email", "email must look like name@example.org (one @, a dot in the domain)");
    }
  }

  private static boolean looksLikeAddress(String email) {
    int at = email.indexOf('@');
    if (at <= 0 || at != email.lastIndexOf('@')) {
      return false;
    }
    String domain = email.substring(at + 1);
    if (domain.isEmpty() || domain.startsWith(".") || domain.endsWith(".")) {
      return false;
    }
    return domain.indexOf('.') > 0 && !domain.contains("..");
  }

  private static String printable(String value) {
    String cut = value.length() > 40 ? value.substring(0, 40) + "..." : value;
    StringBuilder out = new StringBuilder(cut.length());
    cut.codePoints()
        .forEach(
            cp -> {
              if (Character.isISOControl(cp) || cp == '"' || cp == '\\') {
                out.append(String.format("\\u%04x", cp));
              } else {
                out.appendCodePoint(cp);
              }
            });
    return out.toString();
  }
}
