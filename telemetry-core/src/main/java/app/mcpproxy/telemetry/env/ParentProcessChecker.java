package app.mcpproxy.telemetry.env;

import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/** Compares the parent's executable name with the login-item launcher of the operating system. */
final class ParentProcessChecker implements PPIDChecker {
  private final String goOs;
  private final Supplier<Optional<String>> parentCommand;

  ParentProcessChecker(String goOs, Supplier<Optional<String>> parentCommand) {
    this.goOs = Objects.requireNonNull(goOs, "goOs");
    this.parentCommand = Objects.requireNonNull(parentCommand, "parentCommand");
  }

  static ParentProcessChecker ofCurrentProcess(String goOs) {
    return new ParentProcessChecker(goOs, ParentProcessChecker::currentParentCommand);
  }

  @Override
  public boolean isLoginItemParent() {
    return switch (goOs) {
      case "darwin" -> parentName().filter("launchd"::equals).isPresent();
      case "windows" -> parentName().filter("explorer.exe"::equalsIgnoreCase).isPresent();
      default -> false;
    };
  }

  private Optional<String> parentName() {
    return parentCommand.get().map(ParentProcessChecker::baseName).filter(name -> !name.isEmpty());
  }

  /** Returns the last element of a path in either separator style, whatever the host system. */
  static String baseName(String command) {
    int slash = Math.max(command.lastIndexOf('/'), command.lastIndexOf('\\'));
    return command.substring(slash + 1).strip();
  }

  private static Optional<String> currentParentCommand() {
    try {
      return ProcessHandle.current().parent().flatMap(parent -> parent.info().command());
    } catch (SecurityException | UnsupportedOperationException e) {
      return Optional.empty();
    }
  }

  @Override
  public String toString() {
    return "ParentProcessChecker[" + goOs + "]";
  }
}
