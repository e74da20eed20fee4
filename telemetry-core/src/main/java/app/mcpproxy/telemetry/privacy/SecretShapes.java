package app.mcpproxy.telemetry.privacy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds the shapes of secrets and personal identifiers in one string: provider tokens by their
 * prefixes, JWTs, PEM blocks, e-mail, IPv4, IPv6 and MAC addresses, URLs, UNC, drive-letter and
 * home paths, long digit runs and high-entropy runs. Works on ASCII bytes; any byte of 0x80 or more
 * counts as a separator, so a decoded string is mapped to bytes first.
 *
 * <p>A first loop over the bytes collects cheap features (the characters that start an e-mail, URL
 * or path, the longest runs of token, digit and base64 characters, the number of dots and dashes);
 * only a string whose features could hold a shape gets the exact checks, so a route template or a
 * client name costs one pass. When a string holds several shapes, the one of the lowest {@link
 * #kinds() rank} is reported.
 */
final class SecretShapes {

  static final int NONE = -1;

  /**
   * Every shape needing a long run of token characters ({@code [A-Za-z0-9_-]}) needs one at least
   * this long, so a shorter run lets the gate skip the exact checks.
   */
  static final int MIN_TOKEN_RUN = 20;

  static final int MIN_DIGIT_RUN = 9;
  private static final int MIN_TOKEN_RUN_VALUE = MIN_TOKEN_RUN;
  private static final int MIN_DIGIT_RUN_VALUE = MIN_DIGIT_RUN;
  private static final int MIN_BASE64_RUN_VALUE = 30;
  static final int MIN_ALNUM_ENTROPY_RUN = 20;
  static final int MIN_BASE64_RUN = 30;
  static final double ALNUM_ENTROPY_BITS = 3.0;
  static final double BASE64_ENTROPY_BITS = 4.0;

  // Character classes, as bits of one table.
  private static final int ALNUM = 1;
  private static final int DIGIT = 2;
  private static final int TOKEN = 4; // alnum, '_' and '-'
  private static final int BASE64 = 8; // token, '+' and '/'
  private static final int TRIGGER = 16; // '@', ':', '\', '~', '$', '%'
  private static final int DOT = 32;
  private static final int DASH = 64;
  private static final int UPPER = 128;
  private static final int LOWER = 256;
  private static final int HEX = 512;
  private static final int[] CLASSES = classes();

  // The gate's features, one 8-bit field each, and the value at which each calls for the exact
  // checks. Runs reset at a byte outside their class; counts never do. A field is read through its
  // top bit after adding 128 minus its threshold, so a field reaching its threshold sets the bit
  // (it is checked at every byte, before a long run could overflow into its neighbour).
  private static final int GATE_TOKEN_RUN = 0;
  private static final int GATE_DIGIT_RUN = 1;
  private static final int GATE_BASE64_RUN = 2;
  private static final int GATE_TRIGGERS = 3;
  private static final int GATE_DOTS = 4;
  private static final int GATE_DASHES = 5;
  private static final int[] GATE_THRESHOLDS = {
    MIN_TOKEN_RUN_VALUE, MIN_DIGIT_RUN_VALUE, MIN_BASE64_RUN_VALUE, 1, 3, 5
  };
  private static final long GATE_OFFSETS = gateOffsets();
  private static final long GATE_HIGH_BITS = 0x0000_8080_8080_8080L;
  private static final long[] GATE_KEEP = new long[256];
  private static final long[] GATE_ADD = new long[256];

  static {
    long counts = field(GATE_TRIGGERS, 0xFF) | field(GATE_DOTS, 0xFF) | field(GATE_DASHES, 0xFF);
    for (int b = 0; b < 256; b++) {
      int c = CLASSES[b];
      long keep = counts;
      long add = 0;
      if ((c & TOKEN) != 0) {
        keep |= field(GATE_TOKEN_RUN, 0xFF);
        add += field(GATE_TOKEN_RUN, 1);
      }
      if ((c & DIGIT) != 0) {
        keep |= field(GATE_DIGIT_RUN, 0xFF);
        add += field(GATE_DIGIT_RUN, 1);
      }
      if ((c & BASE64) != 0) {
        keep |= field(GATE_BASE64_RUN, 0xFF);
        add += field(GATE_BASE64_RUN, 1);
      }
      if ((c & TRIGGER) != 0) {
        add += field(GATE_TRIGGERS, 1);
      }
      if ((c & DOT) != 0) {
        add += field(GATE_DOTS, 1);
      }
      if ((c & DASH) != 0) {
        add += field(GATE_DASHES, 1);
      }
      GATE_KEEP[b] = keep;
      GATE_ADD[b] = add;
    }
  }

  private static long field(int index, long value) {
    return value << (8 * index);
  }

  private static long gateOffsets() {
    long offsets = 0;
    for (int f = 0; f < GATE_THRESHOLDS.length; f++) {
      offsets |= field(f, 128 - GATE_THRESHOLDS[f]);
    }
    return offsets;
  }

  /** A provider token: a fixed prefix, then at least {@code minBody} characters of an alphabet. */
  record Provider(String prefix, String kind, int alphabet, int minBody) {}

  // Body alphabets of providers.
  static final int BODY_ALNUM = ALNUM;
  static final int BODY_TOKEN = TOKEN;
  static final int BODY_HEX = HEX;
  static final int BODY_UPPER_ALNUM = -1;
  static final int BODY_BASE64 = BASE64;

  /** Longer prefixes first where one extends another: the first that matches names the kind. */
  static final List<Provider> PROVIDERS =
      List.of(
          new Provider("github_pat_", "github_token", BODY_TOKEN, 30),
          new Provider("ghp_", "github_token", BODY_ALNUM, 30),
          new Provider("gho_", "github_token", BODY_ALNUM, 30),
          new Provider("ghu_", "github_token", BODY_ALNUM, 30),
          new Provider("ghs_", "github_token", BODY_ALNUM, 30),
          new Provider("ghr_", "github_token", BODY_ALNUM, 30),
          new Provider("glpat-", "gitlab_token", BODY_TOKEN, 20),
          new Provider("glptt-", "gitlab_token", BODY_TOKEN, 20),
          new Provider("gldt-", "gitlab_token", BODY_TOKEN, 20),
          new Provider("glrt-", "gitlab_token", BODY_TOKEN, 20),
          new Provider("glcbt-", "gitlab_token", BODY_TOKEN, 20),
          new Provider("GR1348941", "gitlab_token", BODY_TOKEN, 20),
          new Provider("sk-ant-", "anthropic_key", BODY_TOKEN, 20),
          new Provider("sk-proj-", "openai_key", BODY_TOKEN, 20),
          new Provider("sk-svcacct-", "openai_key", BODY_TOKEN, 20),
          new Provider("sk-admin-", "openai_key", BODY_TOKEN, 20),
          new Provider("sk-or-v1-", "openrouter_key", BODY_HEX, 32),
          new Provider("sk-", "openai_key", BODY_ALNUM, 20),
          new Provider("AKIA", "aws_access_key", BODY_UPPER_ALNUM, 16),
          new Provider("ASIA", "aws_access_key", BODY_UPPER_ALNUM, 16),
          new Provider("AGPA", "aws_access_key", BODY_UPPER_ALNUM, 16),
          new Provider("AIDA", "aws_access_key", BODY_UPPER_ALNUM, 16),
          new Provider("AROA", "aws_access_key", BODY_UPPER_ALNUM, 16),
          new Provider("AIPA", "aws_access_key", BODY_UPPER_ALNUM, 16),
          new Provider("ANPA", "aws_access_key", BODY_UPPER_ALNUM, 16),
          new Provider("ANVA", "aws_access_key", BODY_UPPER_ALNUM, 16),
          new Provider("ABIA", "aws_access_key", BODY_UPPER_ALNUM, 16),
          new Provider("ACCA", "aws_access_key", BODY_UPPER_ALNUM, 16),
          new Provider("AIza", "google_api_key", BODY_TOKEN, 30),
          new Provider("ya29.", "google_oauth_token", BODY_TOKEN, 20),
          new Provider("GOCSPX-", "google_oauth_secret", BODY_TOKEN, 20),
          new Provider("xoxb-", "slack_token", BODY_TOKEN, 15),
          new Provider("xoxa-", "slack_token", BODY_TOKEN, 15),
          new Provider("xoxp-", "slack_token", BODY_TOKEN, 15),
          new Provider("xoxr-", "slack_token", BODY_TOKEN, 15),
          new Provider("xoxs-", "slack_token", BODY_TOKEN, 15),
          new Provider("xoxe-", "slack_token", BODY_TOKEN, 15),
          new Provider("xoxe.", "slack_token", BODY_TOKEN, 20),
          new Provider("xapp-", "slack_token", BODY_TOKEN, 15),
          new Provider("sk_live_", "stripe_key", BODY_ALNUM, 16),
          new Provider("sk_test_", "stripe_key", BODY_ALNUM, 16),
          new Provider("rk_live_", "stripe_key", BODY_ALNUM, 16),
          new Provider("rk_test_", "stripe_key", BODY_ALNUM, 16),
          new Provider("pk_live_", "stripe_key", BODY_ALNUM, 16),
          new Provider("pk_test_", "stripe_key", BODY_ALNUM, 16),
          new Provider("whsec_", "stripe_key", BODY_ALNUM, 16),
          new Provider("hf_", "huggingface_token", BODY_ALNUM, 30),
          new Provider("api_org_", "huggingface_token", BODY_ALNUM, 30),
          new Provider("npm_", "npm_token", BODY_ALNUM, 30),
          new Provider("pypi-", "pypi_token", BODY_TOKEN, 50),
          new Provider("rubygems_", "rubygems_token", BODY_HEX, 40),
          new Provider("oy2", "nuget_key", BODY_ALNUM, 40),
          new Provider("shpat_", "shopify_token", BODY_HEX, 32),
          new Provider("shpss_", "shopify_token", BODY_HEX, 32),
          new Provider("shpca_", "shopify_token", BODY_HEX, 32),
          new Provider("shppa_", "shopify_token", BODY_HEX, 32),
          new Provider("SK", "twilio_key", BODY_HEX, 32),
          new Provider("AC", "twilio_account_sid", BODY_HEX, 32),
          new Provider("SG.", "sendgrid_key", BODY_TOKEN, 20),
          new Provider("xkeysib-", "brevo_key", BODY_TOKEN, 32),
          new Provider("key-", "mailgun_key", BODY_HEX, 32),
          new Provider("dop_v1_", "digitalocean_token", BODY_HEX, 64),
          new Provider("doo_v1_", "digitalocean_token", BODY_HEX, 64),
          new Provider("dor_v1_", "digitalocean_token", BODY_HEX, 64),
          new Provider("dapi", "databricks_token", BODY_HEX, 32),
          new Provider("pscale_tkn_", "planetscale_token", BODY_TOKEN, 32),
          new Provider("pscale_pw_", "planetscale_token", BODY_TOKEN, 32),
          new Provider("pul-", "pulumi_token", BODY_HEX, 40),
          new Provider("glc_", "grafana_token", BODY_BASE64, 32),
          new Provider("glsa_", "grafana_token", BODY_TOKEN, 32),
          new Provider("lin_api_", "linear_key", BODY_ALNUM, 32),
          new Provider("dckr_pat_", "docker_hub_token", BODY_TOKEN, 20),
          new Provider("hvs.", "vault_token", BODY_TOKEN, 20),
          new Provider("hvb.", "vault_token", BODY_TOKEN, 20),
          new Provider("sq0atp-", "square_token", BODY_TOKEN, 20),
          new Provider("sq0csp-", "square_token", BODY_TOKEN, 20),
          new Provider("EAAB", "facebook_token", BODY_ALNUM, 30),
          new Provider("EAAC", "facebook_token", BODY_ALNUM, 30),
          new Provider("ATATT", "atlassian_token", BODY_TOKEN, 30),
          new Provider("xai-", "xai_key", BODY_ALNUM, 40),
          new Provider("gsk_", "groq_key", BODY_ALNUM, 40),
          new Provider("pplx-", "perplexity_key", BODY_ALNUM, 40),
          new Provider("r8_", "replicate_token", BODY_ALNUM, 30),
          new Provider("nvapi-", "nvidia_key", BODY_TOKEN, 40),
          new Provider("PMAK-", "postman_key", BODY_TOKEN, 40),
          new Provider("NRAK-", "newrelic_key", BODY_UPPER_ALNUM, 20),
          new Provider("tskey-", "tailscale_key", BODY_TOKEN, 20),
          new Provider("sntrys_", "sentry_token", BODY_BASE64, 40),
          new Provider("sgp_", "sourcegraph_token", BODY_HEX, 40),
          new Provider("fo1_", "flyio_token", BODY_TOKEN, 30),
          new Provider("dp.pt.", "doppler_token", BODY_ALNUM, 40),
          new Provider("dp.st.", "doppler_token", BODY_ALNUM, 40),
          new Provider("secret_", "notion_token", BODY_ALNUM, 40),
          new Provider("ntn_", "notion_token", BODY_ALNUM, 40),
          new Provider("figd_", "figma_token", BODY_TOKEN, 32),
          new Provider("nfp_", "netlify_token", BODY_ALNUM, 32),
          new Provider("phx_", "posthog_key", BODY_ALNUM, 32),
          new Provider("LTAI", "alibaba_key", BODY_ALNUM, 16),
          new Provider("AKID", "tencent_key", BODY_ALNUM, 30),
          new Provider("CFPAT-", "contentful_token", BODY_TOKEN, 40),
          new Provider("AGE-SECRET-KEY-1", "age_secret_key", BODY_UPPER_ALNUM, 50),
          new Provider("AAAAB3NzaC1", "ssh_public_key", BODY_BASE64, 20),
          new Provider("AAAAC3NzaC1", "ssh_public_key", BODY_BASE64, 20));

  private static final List<String> KINDS;
  private static final int PEM;
  private static final int JWT;
  private static final int[] PROVIDER_KIND;
  private static final int DISCORD;
  private static final int EMAIL;
  private static final int URL;
  private static final int UNC;
  private static final int DRIVE;
  private static final int HOME;
  private static final int IPV6;
  private static final int IPV4;
  private static final int MAC;
  private static final int DIGITS;
  private static final int ENTROPY;

  static {
    Map<String, Integer> kinds = new LinkedHashMap<>();
    PEM = rank(kinds, "pem_block");
    JWT = rank(kinds, "jwt");
    PROVIDER_KIND = new int[PROVIDERS.size()];
    for (int p = 0; p < PROVIDERS.size(); p++) {
      PROVIDER_KIND[p] = rank(kinds, PROVIDERS.get(p).kind());
    }
    DISCORD = rank(kinds, "discord_token");
    EMAIL = rank(kinds, "email");
    URL = rank(kinds, "url");
    UNC = rank(kinds, "unc_path");
    DRIVE = rank(kinds, "drive_path");
    HOME = rank(kinds, "home_path");
    IPV6 = rank(kinds, "ipv6_address");
    IPV4 = rank(kinds, "ipv4_address");
    MAC = rank(kinds, "mac_address");
    DIGITS = rank(kinds, "digit_run");
    ENTROPY = rank(kinds, "high_entropy");
    KINDS = List.copyOf(kinds.keySet());
  }

  // Providers by the first byte of their prefix.
  private static final int[][] PROVIDERS_BY_FIRST = providersByFirst();
  private static final byte[][] PROVIDER_PREFIXES = providerPrefixes();

  private static final byte[] BEGIN = ascii("-----BEGIN");
  private static final byte[][] DOLLAR_NAMES = {
    ascii("home"), ascii("user"), ascii("logname"), ascii("tmpdir")
  };
  private static final byte[] ENV_PREFIX = ascii("env:");
  private static final byte[][] PERCENT_NAMES = {
    ascii("userprofile"),
    ascii("homepath"),
    ascii("homedrive"),
    ascii("homeshare"),
    ascii("appdata"),
    ascii("localappdata"),
    ascii("username"),
    ascii("temp"),
    ascii("tmp")
  };

  private SecretShapes() {}

  private static int rank(Map<String, Integer> kinds, String kind) {
    return kinds.computeIfAbsent(kind, k -> kinds.size());
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  private static int[] classes() {
    int[] classes = new int[256];
    for (int c = '0'; c <= '9'; c++) {
      classes[c] = ALNUM | DIGIT | TOKEN | BASE64 | HEX;
    }
    for (int c = 'a'; c <= 'z'; c++) {
      classes[c] = ALNUM | TOKEN | BASE64 | LOWER | (c <= 'f' ? HEX : 0);
      classes[c - 32] = ALNUM | TOKEN | BASE64 | UPPER | (c <= 'f' ? HEX : 0);
    }
    classes['_'] = TOKEN | BASE64;
    classes['-'] = TOKEN | BASE64 | DASH;
    classes['+'] = BASE64;
    classes['/'] = BASE64;
    classes['.'] = DOT;
    for (char c : "@:\\~$%".toCharArray()) {
      classes[c] = TRIGGER;
    }
    return classes;
  }

  private static int[][] providersByFirst() {
    List<List<Integer>> byFirst = new ArrayList<>();
    for (int b = 0; b < 128; b++) {
      byFirst.add(new ArrayList<>());
    }
    for (int p = 0; p < PROVIDERS.size(); p++) {
      byFirst.get(PROVIDERS.get(p).prefix().charAt(0)).add(p);
    }
    int[][] table = new int[128][];
    for (int b = 0; b < 128; b++) {
      if (!byFirst.get(b).isEmpty()) {
        table[b] = byFirst.get(b).stream().mapToInt(Integer::intValue).toArray();
      }
    }
    return table;
  }

  private static byte[][] providerPrefixes() {
    byte[][] prefixes = new byte[PROVIDERS.size()][];
    for (int p = 0; p < prefixes.length; p++) {
      prefixes[p] = ascii(PROVIDERS.get(p).prefix());
    }
    return prefixes;
  }

  /**
   * Returns the kinds in rank order; a violation reports a kind by this name.
   *
   * @return names such as {@code github_token}, {@code email} or {@code high_entropy}
   */
  static List<String> kinds() {
    return KINDS;
  }

  static String kind(int rank) {
    return KINDS.get(rank);
  }

  /**
   * Finds the lowest-ranked shape in {@code s[from, to)}.
   *
   * @return the kind's rank, or {@link #NONE}
   */
  static int find(byte[] s, int from, int to) {
    // One dependent step per byte: the gate's six features are 8-bit fields of one long.
    long[] keep = GATE_KEEP;
    long[] add = GATE_ADD;
    long fields = 0;
    long hit = 0;
    for (int i = from; i < to; i++) {
      int b = s[i] & 0xFF;
      fields = (fields & keep[b]) + add[b];
      hit |= fields + GATE_OFFSETS;
    }
    if ((hit & GATE_HIGH_BITS) == 0) {
      return NONE;
    }
    return findExactly(s, from, to);
  }

  /**
   * One step of {@link #find}'s gate: the gate's fields after byte {@code b}, starting from 0, for
   * callers that read the bytes in a loop of their own.
   */
  static long gateStep(long fields, int b) {
    return (fields & GATE_KEEP[b]) + GATE_ADD[b];
  }

  /** What to OR into a running value after each {@link #gateStep}, starting from 0. */
  static long gateHits(long fields) {
    return fields + GATE_OFFSETS;
  }

  /** Whether the ORed {@link #gateHits} open the gate, when {@link #findExactly} must run. */
  static boolean gateOpen(long hits) {
    return (hits & GATE_HIGH_BITS) != 0;
  }

  /** The exact checks, at every position; see {@link #find}. */
  static int findExactly(byte[] s, int from, int to) {
    int best = Integer.MAX_VALUE;
    for (int i = from; i < to && best > 0; i++) {
      int b = s[i];
      if (b < 0) {
        continue;
      }
      int c = CLASSES[b];
      boolean alnumBoundary = i == from || (CLASSES[s[i - 1] & 0xFF] & ALNUM) == 0;
      int found = NONE;
      if (b == '-') {
        found = startsWith(s, i, to, BEGIN) ? PEM : NONE;
      } else if ((c & ALNUM) != 0) {
        if (alnumBoundary) {
          found = atWordStart(s, i, to);
        }
        if ((c & DIGIT) != 0 && (i == from || (CLASSES[s[i - 1] & 0xFF] & DIGIT) == 0)) {
          found = min(found, digitRun(s, i, to));
          if ((i == from || s[i - 1] != '.') && ipv4(s, i, to)) {
            found = min(found, IPV4);
          }
        }
      } else if (b == '@') {
        found = email(s, from, i, to) ? EMAIL : NONE;
      } else if (b == ':') {
        found = colon(s, from, i, to);
      } else if (b == '\\') {
        found = i + 2 < to && s[i + 1] == '\\' && isUncStart(s[i + 2]) ? UNC : NONE;
      } else if (b == '~') {
        found = tildePath(s, i, to) ? HOME : NONE;
      } else if (b == '$') {
        found = dollarName(s, i, to) ? HOME : NONE;
      } else if (b == '%') {
        found = percentName(s, i, to) ? HOME : NONE;
      }
      if ((c & HEX) != 0 || b == ':') {
        found = min(found, ipv6At(s, from, i, to));
      }
      if ((c & BASE64) != 0 && (i == from || (CLASSES[s[i - 1] & 0xFF] & BASE64) == 0)) {
        found = min(found, base64Run(s, i, to));
      }
      best = min(best, found);
    }
    return best == Integer.MAX_VALUE ? NONE : best;
  }

  private static int min(int a, int b) {
    if (a == NONE) {
      return b;
    }
    if (b == NONE) {
      return a;
    }
    return Math.min(a, b);
  }

  private static boolean startsWith(byte[] s, int at, int to, byte[] prefix) {
    if (to - at < prefix.length) {
      return false;
    }
    for (int k = 0; k < prefix.length; k++) {
      if (s[at + k] != prefix[k]) {
        return false;
      }
    }
    return true;
  }

  private static boolean startsWithIgnoringCase(byte[] s, int at, int to, byte[] lower) {
    if (to - at < lower.length) {
      return false;
    }
    for (int k = 0; k < lower.length; k++) {
      int b = s[at + k];
      if (b >= 'A' && b <= 'Z') {
        b += 'a' - 'A';
      }
      if (b != lower[k]) {
        return false;
      }
    }
    return true;
  }

  private static boolean is(byte[] s, int at, int to, int cls) {
    return at < to && s[at] >= 0 && (CLASSES[s[at]] & cls) != 0;
  }

  /** Shapes that start at a letter or digit with no letter or digit before it. */
  private static int atWordStart(byte[] s, int i, int to) {
    int found = NONE;
    int[] candidates = PROVIDERS_BY_FIRST[s[i]];
    if (candidates != null) {
      for (int p : candidates) {
        if (startsWith(s, i, to, PROVIDER_PREFIXES[p])
            && bodyLength(s, i + PROVIDER_PREFIXES[p].length, to, PROVIDERS.get(p).alphabet())
                >= PROVIDERS.get(p).minBody()) {
          found = min(found, PROVIDER_KIND[p]);
        }
      }
    }
    if (s[i] == 'e' && jwt(s, i, to)) {
      found = min(found, JWT);
    }
    if ((s[i] == 'M' || s[i] == 'N' || s[i] == 'O') && discord(s, i, to)) {
      found = min(found, DISCORD);
    }
    if (is(s, i, to, HEX) && mac(s, i, to)) {
      found = min(found, MAC);
    }
    if (s[i] <= 'z' && isLetter(s[i]) && drive(s, i, to)) {
      found = min(found, DRIVE);
    }
    return min(found, alnumRun(s, i, to));
  }

  private static boolean isLetter(int b) {
    return (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z');
  }

  private static int bodyLength(byte[] s, int at, int to, int alphabet) {
    int i = at;
    if (alphabet == BODY_UPPER_ALNUM) {
      while (i < to && ((s[i] >= 'A' && s[i] <= 'Z') || (s[i] >= '0' && s[i] <= '9'))) {
        i++;
      }
    } else {
      while (is(s, i, to, alphabet)) {
        i++;
      }
    }
    return i - at;
  }

  // eyJ[A-Za-z0-9_-]{17,}\.[A-Za-z0-9_-]{10,}
  private static boolean jwt(byte[] s, int i, int to) {
    if (to - i < 3 || s[i + 1] != 'y' || s[i + 2] != 'J') {
      return false;
    }
    int first = bodyLength(s, i + 3, to, TOKEN);
    int dot = i + 3 + first;
    return first >= 17 && dot < to && s[dot] == '.' && bodyLength(s, dot + 1, to, TOKEN) >= 10;
  }

  // [MNO][A-Za-z0-9_-]{23,27}\.[A-Za-z0-9_-]{6}\.[A-Za-z0-9_-]{27,}
  private static boolean discord(byte[] s, int i, int to) {
    int first = bodyLength(s, i + 1, to, TOKEN);
    int dot = i + 1 + first;
    if (first < 23 || first > 27 || dot >= to || s[dot] != '.') {
      return false;
    }
    int second = bodyLength(s, dot + 1, to, TOKEN);
    int dot2 = dot + 1 + second;
    return second == 6 && dot2 < to && s[dot2] == '.' && bodyLength(s, dot2 + 1, to, TOKEN) >= 27;
  }

  // [0-9A-Fa-f]{2}([:-])[0-9A-Fa-f]{2}(\1[0-9A-Fa-f]{2}){4}, no letter or digit after
  private static boolean mac(byte[] s, int i, int to) {
    if (to - i < 17) {
      return false;
    }
    int separator = s[i + 2];
    if (separator != ':' && separator != '-') {
      return false;
    }
    for (int group = 0; group < 6; group++) {
      int at = i + group * 3;
      if (!is(s, at, to, HEX) || !is(s, at + 1, to, HEX)) {
        return false;
      }
      if (group < 5 && s[at + 2] != separator) {
        return false;
      }
    }
    return !is(s, i + 17, to, ALNUM);
  }

  // Four octets 0-255 without leading zeros; no digit or dot before, no digit after.
  private static boolean ipv4(byte[] s, int i, int to) {
    int at = i;
    for (int octet = 0; octet < 4; octet++) {
      int end = at;
      while (is(s, end, to, DIGIT)) {
        end++;
      }
      if (!isOctet(s, at, end)) {
        return false;
      }
      if (octet < 3) {
        if (end >= to || s[end] != '.') {
          return false;
        }
        at = end + 1;
      }
    }
    return true;
  }

  private static boolean isOctet(byte[] s, int from, int to) {
    int length = to - from;
    if (length == 1) {
      return true;
    }
    if (length == 2) {
      return s[from] != '0';
    }
    if (length != 3 || s[from] == '0') {
      return false;
    }
    int value = (s[from] - '0') * 100 + (s[from + 1] - '0') * 10 + (s[from + 2] - '0');
    return value <= 255;
  }

  // A letter with no letter or digit before it, a colon, then a slash or backslash.
  private static boolean drive(byte[] s, int i, int to) {
    return i + 2 < to && s[i + 1] == ':' && (s[i + 2] == '\\' || s[i + 2] == '/');
  }

  private static int digitRun(byte[] s, int i, int to) {
    int end = i;
    while (is(s, end, to, DIGIT)) {
      end++;
    }
    return end - i >= MIN_DIGIT_RUN ? DIGITS : NONE;
  }

  // A run of letters and digits at least 20 long that looks random: its characters switch between
  // digits, lower and upper case often (words and camelCase rarely do), and spread out.
  private static int alnumRun(byte[] s, int i, int to) {
    int end = i;
    while (is(s, end, to, ALNUM)) {
      end++;
    }
    int length = end - i;
    if (length < MIN_ALNUM_ENTROPY_RUN || switches(s, i, end) * 4 < length) {
      return NONE;
    }
    return entropy(s, i, end) >= ALNUM_ENTROPY_BITS ? ENTROPY : NONE;
  }

  // A run of base64 characters ([A-Za-z0-9+/_-]) at least 30 long with at least two upper-case
  // letters, two lower-case letters and two digits, that looks random like the run above.
  private static int base64Run(byte[] s, int i, int to) {
    int end = i;
    int upper = 0;
    int lower = 0;
    int digit = 0;
    while (is(s, end, to, BASE64)) {
      int c = CLASSES[s[end]];
      upper += (c & UPPER) != 0 ? 1 : 0;
      lower += (c & LOWER) != 0 ? 1 : 0;
      digit += (c & DIGIT) != 0 ? 1 : 0;
      end++;
    }
    int length = end - i;
    if (length < MIN_BASE64_RUN
        || upper < 2
        || lower < 2
        || digit < 2
        || switches(s, i, end) * 4 < length) {
      return NONE;
    }
    return entropy(s, i, end) >= BASE64_ENTROPY_BITS ? ENTROPY : NONE;
  }

  /** Counts the places where a run switches between digits, lower case, upper case and symbols. */
  static int switches(byte[] s, int from, int to) {
    int switches = 0;
    int previous = CLASSES[s[from]] & (DIGIT | UPPER | LOWER);
    for (int i = from + 1; i < to; i++) {
      int current = CLASSES[s[i]] & (DIGIT | UPPER | LOWER);
      switches += current != previous ? 1 : 0;
      previous = current;
    }
    return switches;
  }

  /** Shannon entropy of the bytes in bits per character. */
  static double entropy(byte[] s, int from, int to) {
    int[] counts = new int[128];
    for (int i = from; i < to; i++) {
      counts[s[i] & 0x7F]++;
    }
    double length = to - from;
    double bits = 0;
    for (int count : counts) {
      if (count > 0) {
        double p = count / length;
        bits -= p * (Math.log(p) / Math.log(2));
      }
    }
    return bits;
  }

  // local-part character, '@', then labels of which a later one starts with two letters.
  private static boolean email(byte[] s, int from, int at, int to) {
    if (at == from || !isLocalPart(s[at - 1])) {
      return false;
    }
    int i = at + 1;
    while (true) {
      int label = i;
      while (is(s, i, to, ALNUM) || (i < to && s[i] == '-')) {
        i++;
      }
      if (i == label || i >= to || s[i] != '.') {
        return false;
      }
      if (isLetter(at(s, i + 1, to)) && isLetter(at(s, i + 2, to))) {
        return true;
      }
      i++;
    }
  }

  private static int at(byte[] s, int i, int to) {
    return i < to ? s[i] : -1;
  }

  private static boolean isLocalPart(int b) {
    return b >= 0
        && ((CLASSES[b] & ALNUM) != 0 || b == '.' || b == '_' || b == '%' || b == '+' || b == '-');
  }

  private static int colon(byte[] s, int from, int i, int to) {
    if (i > from && isLetter(s[i - 1]) && at(s, i + 1, to) == '/' && at(s, i + 2, to) == '/') {
      return URL;
    }
    return NONE;
  }

  private static boolean isUncStart(int b) {
    return b >= 0 && ((CLASSES[b] & ALNUM) != 0 || b == '.' || b == '?');
  }

  // ~, then an optional user name, then a slash or backslash.
  private static boolean tildePath(byte[] s, int i, int to) {
    int at = i + 1;
    while (at < to && s[at] >= 0 && ((CLASSES[s[at]] & TOKEN) != 0 || s[at] == '.')) {
      at++;
    }
    return at < to && (s[at] == '/' || s[at] == '\\');
  }

  // $HOME, ${HOME}, $USER…, $LOGNAME, $TMPDIR, $env:… in any case.
  private static boolean dollarName(byte[] s, int i, int to) {
    int at = i + 1;
    if (startsWithIgnoringCase(s, at, to, ENV_PREFIX)) {
      return true;
    }
    if (at < to && s[at] == '{') {
      at++;
    }
    for (byte[] name : DOLLAR_NAMES) {
      if (startsWithIgnoringCase(s, at, to, name)) {
        return true;
      }
    }
    return false;
  }

  // %USERPROFILE%, %APPDATA% and the like, in any case.
  private static boolean percentName(byte[] s, int i, int to) {
    for (byte[] name : PERCENT_NAMES) {
      int end = i + 1 + name.length;
      if (startsWithIgnoringCase(s, i + 1, to, name) && end < to && s[end] == '%') {
        return true;
      }
    }
    return false;
  }

  /**
   * An IPv6 address: a maximal run of hexadecimal digits and colons starting at {@code i}, with no
   * letter, digit, colon or dot before it and no letter or digit after it, that is eight groups of
   * one to four digits, or fewer around one {@code ::}.
   */
  private static int ipv6At(byte[] s, int from, int i, int to) {
    if (i > from) {
      int before = s[i - 1];
      if (before == ':' || before == '.' || (before >= 0 && (CLASSES[before] & ALNUM) != 0)) {
        return NONE;
      }
    }
    int end = i;
    while (end < to && (s[end] == ':' || is(s, end, to, HEX))) {
      end++;
    }
    if (is(s, end, to, ALNUM)) {
      return NONE;
    }
    return isIpv6(s, i, end) ? IPV6 : NONE;
  }

  static boolean isIpv6(byte[] s, int from, int to) {
    int groups = 0;
    int doubleColons = 0;
    int i = from;
    while (i < to) {
      if (s[i] == ':') {
        int colons = 0;
        while (i < to && s[i] == ':') {
          colons++;
          i++;
        }
        if (colons > 2) {
          return false;
        }
        if (colons == 2) {
          doubleColons++;
        } else if (i == from + 1 || i == to) {
          // A single colon at either end.
          return false;
        }
      } else {
        int start = i;
        while (i < to && s[i] != ':') {
          i++;
        }
        if (i - start > 4) {
          return false;
        }
        groups++;
      }
    }
    if (doubleColons == 0) {
      return groups == 8;
    }
    return doubleColons == 1 && groups >= 2 && groups <= 7;
  }
}
