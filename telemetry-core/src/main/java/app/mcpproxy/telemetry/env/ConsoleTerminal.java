package app.mcpproxy.telemetry.env;

import java.io.Console;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Optional;

/** Answers from {@link System#console()}, asking {@code Console.isTerminal()} where it exists. */
@SuppressWarnings("ImmutableEnumChecker") // a Method is effectively immutable
enum ConsoleTerminal implements TTYChecker {
  INSTANCE;

  // Console.isTerminal() arrived in Java 22; the library is compiled for 17, so it is looked up.
  private final Optional<Method> isTerminal = findIsTerminal();

  @Override
  @SuppressWarnings("SystemConsoleNull") // where console() is never null, isTerminal() decides
  public boolean isTerminal() {
    Console console = System.console();
    if (console == null) {
      return false;
    }
    if (isTerminal.isEmpty()) {
      return true;
    }
    try {
      return Boolean.TRUE.equals(isTerminal.get().invoke(console));
    } catch (IllegalAccessException | InvocationTargetException e) {
      return false;
    }
  }

  private static Optional<Method> findIsTerminal() {
    try {
      return Optional.of(Console.class.getMethod("isTerminal"));
    } catch (NoSuchMethodException e) {
      return Optional.empty();
    }
  }
}
