package app.mcpproxy.telemetry.feedback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import app.mcpproxy.telemetry.model.FeedbackRequest;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class FeedbackValidationTest {
  private static final String GOOD_MESSAGE = "The tray icon vanishes after sleep";

  private static FeedbackRequest request(String category, String message, String email) {
    return new FeedbackRequest(category, message, email, null);
  }

  private static InvalidFeedbackException invalid(FeedbackRequest request) {
    try {
      FeedbackValidation.validate(request);
    } catch (InvalidFeedbackException e) {
      return e;
    }
    throw new AssertionError("expected " + request + " to be invalid");
  }

  @Test
  void acceptsAWellFormedRequest() {
    assertThatCode(
            () -> FeedbackValidation.validate(request("bug", GOOD_MESSAGE, "me@example.org")))
        .doesNotThrowAnyException();
  }

  @Test
  void rejectsANullRequest() {
    assertThatNullPointerException().isThrownBy(() -> FeedbackValidation.validate(null));
  }

  @Nested
  class Category {
    @ParameterizedTest
    @ValueSource(strings = {"bug", "feature", "other"})
    void acceptsTheThreeCategories(String category) {
      assertThat(FeedbackValidation.isValidCategory(category)).isTrue();
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"Bug", "BUG", " bug", "bug ", "question", "features"})
    void rejectsAnythingElse(String category) {
      assertThat(FeedbackValidation.isValidCategory(category)).isFalse();
    }

    @Test
    void errorNamesTheCategoryAndTheChoices() {
      InvalidFeedbackException e = invalid(request("Bug", GOOD_MESSAGE, null));

      assertThat(e.field()).isEqualTo("category");
      assertThat(e).hasMessage("category must be one of bug, feature, other, got \"Bug\"");
    }

    @Test
    void errorForAMissingCategorySaysItIsRequired() {
      InvalidFeedbackException e = invalid(request(null, GOOD_MESSAGE, null));

      assertThat(e).hasMessageStartingWith("category is required");
    }

    @Test
    void errorEscapesControlCharactersAndShortensLongValues() {
      InvalidFeedbackException e = invalid(request("x\n" + "y".repeat(100), GOOD_MESSAGE, null));

      assertThat(e.getMessage()).contains("x\\u000a").doesNotContain("\n").contains("...");
    }
  }

  @Nested
  class Message {
    @Test
    void acceptsExactlyTenCharacters() {
      assertThatCode(() -> FeedbackValidation.validateMessage("0123456789"))
          .doesNotThrowAnyException();
    }

    @Test
    void rejectsNineCharactersNamingTheCount() {
      assertThatThrownBy(() -> FeedbackValidation.validateMessage("012345678"))
          .isInstanceOf(InvalidFeedbackException.class)
          .hasMessage("message must be at least 10 characters, got 9");
    }

    @Test
    void countsLengthAfterTrimming() {
      assertThatThrownBy(() -> FeedbackValidation.validateMessage("   abcd    "))
          .hasMessage("message must be at least 10 characters, got 4 after trimming whitespace");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "          ", "\t\n\t\n\t\n\t\n\t\n\t\n"})
    void rejectsEmptyAndWhitespaceOnlyMessages(String message) {
      assertThatThrownBy(() -> FeedbackValidation.validateMessage(message))
          .isInstanceOf(InvalidFeedbackException.class)
          .hasMessageStartingWith("message must be at least 10 characters, got 0");
    }

    @Test
    void rejectsAMissingMessage() {
      InvalidFeedbackException e = invalid(request("bug", null, null));

      assertThat(e.field()).isEqualTo("message");
      assertThat(e).hasMessage("message is required");
    }

    @Test
    void countsCodePointsNotBytesOrUtf16Units() {
      String tenEmoji = "\uD83D\uDE00".repeat(10);
      String nineEmoji = "\uD83D\uDE00".repeat(9);

      assertThatCode(() -> FeedbackValidation.validateMessage(tenEmoji)).doesNotThrowAnyException();
      assertThatThrownBy(() -> FeedbackValidation.validateMessage(nineEmoji))
          .hasMessage("message must be at least 10 characters, got 9");
    }

    @Test
    void acceptsFiveThousandCharacters() {
      assertThatCode(() -> FeedbackValidation.validateMessage("é".repeat(5000)))
          .doesNotThrowAnyException();
    }

    @Test
    void rejectsFiveThousandAndOneCharacters() {
      assertThatThrownBy(() -> FeedbackValidation.validateMessage("a".repeat(5001)))
          .hasMessage("message must be at most 5000 characters, got 5001");
    }

    @Test
    void countsTheUpperLimitOnTheMessageAsSent() {
      assertThatThrownBy(() -> FeedbackValidation.validateMessage("a".repeat(4999) + "  "))
          .hasMessage("message must be at most 5000 characters, got 5001");
    }
  }

  @Nested
  class Email {
    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"x@y.z", "first.last+tag@mail.example.org", "a@b.co"})
    void acceptsMissingOrPlausibleAddresses(String email) {
      assertThatCode(() -> FeedbackValidation.validate(request("other", GOOD_MESSAGE, email)))
          .doesNotThrowAnyException();
    }

    @ParameterizedTest
    @ValueSource(
        strings = {
          "plainaddress",
          "@example.org",
          "me@",
          "me@localhost",
          "me@.example.org",
          "me@example.org.",
          "me@example..org",
          "me@@example.org",
          "a@b@example.org"
        })
    void rejectsImplausibleAddresses(String email) {
      InvalidFeedbackException e = invalid(request("other", GOOD_MESSAGE, email));

      assertThat(e.field()).isEqualTo("email");
      assertThat(e).hasMessageStartingWith("email must look like name@example.org");
    }

    @ParameterizedTest
    @ValueSource(strings = {"me @example.org", " me@example.org", "me@example.org\n", "\t"})
    void rejectsWhitespace(String email) {
      assertThat(invalid(request("other", GOOD_MESSAGE, email)))
          .hasMessage("email must not contain whitespace or control characters");
    }

    @Test
    void acceptsTwoHundredFiftyFourCharacters() {
      String email = "a".repeat(241) + "@example.org1";

      assertThat(email).hasSize(254);
      assertThatCode(() -> FeedbackValidation.validate(request("other", GOOD_MESSAGE, email)))
          .doesNotThrowAnyException();
    }

    @Test
    void rejectsTwoHundredFiftyFiveCharactersWithoutRepeatingTheAddress() {
      String email = "a".repeat(242) + "@example.org1";

      InvalidFeedbackException e = invalid(request("other", GOOD_MESSAGE, email));

      assertThat(e).hasMessage("email must be at most 254 characters, got 255");
      assertThat(e.getMessage()).doesNotContain("aaaa");
    }
  }
}
