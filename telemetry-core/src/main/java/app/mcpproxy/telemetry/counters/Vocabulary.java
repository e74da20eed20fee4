package app.mcpproxy.telemetry.counters;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * The REST route templates and diagnostic check names a host declares in code: the only ones a
 * {@link CounterRegistry} counts by name, and so the only ones that can ever leave the machine.
 *
 * <p>A route template is {@code /}-separated segments, each a lower-case word ({@code v1}, {@code
 * tool-calls}, {@code oauth_callback}) or a parameter in braces ({@code {name}}), optionally ending
 * in {@code /}; {@code /} alone is the root. A check name matches {@code ^[a-z][a-z0-9_]{0,47}$}.
 * Anything else is refused when the vocabulary is built, naming the entry, so a path, a host name
 * or a token can never be declared by accident. A call on an undeclared template counts under
 * {@code UNMATCHED}; a result of an undeclared check is dropped.
 *
 * <pre>{@code
 * Vocabulary vocabulary =
 *     Vocabulary.of(
 *         List.of("/api/v1/servers", "/api/v1/servers/{name}"), List.of("docker_daemon"));
 * CounterRegistry counters = new CounterRegistry(vocabulary);
 * }</pre>
 */
public final class Vocabulary {
  /** The most route templates a host may declare. */
  public static final int MAX_ROUTES = 256;

  /** The most check names a host may declare. */
  public static final int MAX_CHECKS = 256;

  /** The longest route template that may be declared. */
  public static final int MAX_ROUTE_LENGTH = 128;

  private static final String WORD = "[a-z][a-z0-9]*(?:[_.-][a-z0-9]+)*";
  private static final String PARAMETER = "\\{[A-Za-z_][A-Za-z0-9_]{0,31}\\}";
  private static final Pattern ROUTE =
      Pattern.compile("/|(?:/(?:" + WORD + "|" + PARAMETER + ")){1,16}/?");
  private static final Pattern CHECK = Pattern.compile("[a-z][a-z0-9_]{0,47}");

  /**
   * Shapes no declared name has but secrets and identifiers do: a provider token prefix at the
   * start of a segment followed by 12 or more token characters, six or more digits in a row (ids,
   * dates, phone numbers), or a run of 33 or more letters and digits (keys, hashes).
   */
  private static final Pattern SECRET_LIKE =
      Pattern.compile(
          "(?:^|[/{_.-])(?:ghp_|gho_|ghu_|ghs_|ghr_|github_pat_|glpat-|sk-|sk_live_|sk_test_"
              + "|rk_live_|xox[abprs]-|hf_|npm_|shpat_|shpss_|pypi-|dop_v1_|sg\\.)[a-z0-9_-]{12}"
              + "|[0-9]{6}|[a-z0-9]{33}");

  private static final Vocabulary EMPTY = new Vocabulary(List.of(), List.of());

  private final List<String> restRoutes;
  private final List<String> doctorChecks;

  private Vocabulary(List<String> restRoutes, List<String> doctorChecks) {
    this.restRoutes = restRoutes;
    this.doctorChecks = doctorChecks;
  }

  /**
   * Returns the vocabulary that declares nothing: every REST call counts under {@code UNMATCHED}
   * and no diagnostic check is counted.
   *
   * @return the empty vocabulary
   */
  public static Vocabulary empty() {
    return EMPTY;
  }

  /**
   * Declares route templates and check names; duplicates are kept once.
   *
   * @param restRoutes the route templates, such as {@code /api/v1/servers/{name}}
   * @param doctorChecks the check names, such as {@code docker_daemon}
   * @return the vocabulary
   * @throws IllegalArgumentException naming the first entry that is not of the fixed shape, or when
   *     more than {@value #MAX_ROUTES} routes or {@value #MAX_CHECKS} checks are declared
   * @throws NullPointerException when a collection or an entry is {@code null}
   */
  public static Vocabulary of(Collection<String> restRoutes, Collection<String> doctorChecks) {
    List<String> routes =
        checked(restRoutes, "REST route template", MAX_ROUTES, Vocabulary::requireRoute);
    List<String> checks =
        checked(doctorChecks, "doctor check name", MAX_CHECKS, Vocabulary::requireCheck);
    return routes.isEmpty() && checks.isEmpty() ? EMPTY : new Vocabulary(routes, checks);
  }

  /**
   * Checks the shape of one route template, as {@link #of} does.
   *
   * @param template the template
   * @return the template
   * @throws IllegalArgumentException naming the template when it is not of the fixed shape
   */
  public static String requireRoute(String template) {
    Objects.requireNonNull(template, "REST route template");
    if (template.length() > MAX_ROUTE_LENGTH || !ROUTE.matcher(template).matches()) {
      throw new IllegalArgumentException(
          "REST route template '"
              + template
              + "' is not '/'-separated lower-case words or {parameters}");
    }
    return refuseSecretLike("REST route template", template);
  }

  /**
   * Checks the shape of one check name, as {@link #of} does.
   *
   * @param name the name
   * @return the name
   * @throws IllegalArgumentException naming the name when it does not match {@code
   *     ^[a-z][a-z0-9_]{0,47}$}
   */
  public static String requireCheck(String name) {
    Objects.requireNonNull(name, "doctor check name");
    if (!CHECK.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "doctor check name '" + name + "' does not match ^[a-z][a-z0-9_]{0,47}$");
    }
    return refuseSecretLike("doctor check name", name);
  }

  /**
   * Refuses a name shaped like a secret or an identifier rather than a word: a provider token
   * prefix with a token after it, six digits in a row, or 33 letters and digits in a row.
   *
   * @param what what the name is, for the message
   * @param name the name, already of its fixed shape
   * @return the name
   * @throws IllegalArgumentException naming the name when it has such a shape
   */
  public static String refuseSecretLike(String what, String name) {
    if (SECRET_LIKE.matcher(name.toLowerCase(Locale.ROOT)).find()) {
      throw new IllegalArgumentException(
          what + " '" + name + "' looks like a token or an identifier, not a fixed name");
    }
    return name;
  }

  private static List<String> checked(
      Collection<String> entries, String what, int max, UnaryOperator<String> shape) {
    Objects.requireNonNull(entries, what + "s");
    Set<String> distinct = new LinkedHashSet<>();
    for (String entry : entries) {
      distinct.add(shape.apply(entry));
    }
    if (distinct.size() > max) {
      throw new IllegalArgumentException(
          "at most " + max + " " + what + "s may be declared, got " + distinct.size());
    }
    return List.copyOf(distinct);
  }

  /**
   * Returns the declared route templates in the order first declared.
   *
   * @return the templates
   */
  public List<String> restRoutes() {
    return restRoutes;
  }

  /**
   * Returns the declared check names in the order first declared.
   *
   * @return the names
   */
  public List<String> doctorChecks() {
    return doctorChecks;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Vocabulary that
        && restRoutes.equals(that.restRoutes)
        && doctorChecks.equals(that.doctorChecks);
  }

  @Override
  public int hashCode() {
    return Objects.hash(restRoutes, doctorChecks);
  }

  @Override
  public String toString() {
    return "Vocabulary[" + restRoutes.size() + " routes, " + doctorChecks.size() + " checks]";
  }
}
