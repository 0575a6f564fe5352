package dev.shoal.app;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/** Where a device keeps its identity, configuration and index: the OS convention unless {@code --home} says. */
public record ShoalHome(Path dir) {

    public Path identityDir() {
        return dir.resolve("identity");
    }

    public static ShoalHome resolve(Path override) {
        return new ShoalHome(
                override != null
                        ? override.toAbsolutePath()
                        : defaultDir(
                                System.getProperty("os.name"),
                                System.getenv(),
                                Path.of(System.getProperty("user.home"))));
    }

    static Path defaultDir(String osName, Map<String, String> env, Path userHome) {
        String os = osName.toLowerCase(Locale.ROOT);
        if (os.startsWith("windows")) {
            String local = env.get("LOCALAPPDATA");
            return local != null && !local.isBlank()
                    ? Path.of(local, "Shoal")
                    : userHome.resolve("AppData").resolve("Local").resolve("Shoal");
        }
        if (os.startsWith("mac")) {
            return userHome.resolve("Library").resolve("Application Support").resolve("Shoal");
        }
        String xdg = env.get("XDG_CONFIG_HOME");
        return xdg != null && Path.of(xdg).isAbsolute() ? Path.of(xdg, "shoal") : userHome.resolve(".config/shoal");
    }
}
