package dev.shoal.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HomePermissionsTest {
    @TempDir
    Path tmp;

    static String perms(Path p) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }

    @Test
    void shoalsOwnFilesAreTheOwnersAlone() throws Exception {
        Path home = tmp.resolve("home");
        Files.createDirectories(home.resolve("identity"));
        Files.writeString(home.resolve("identity/cert.pem"), "c");
        Files.writeString(home.resolve("config.json"), "{}");
        Files.writeString(home.resolve("index.db"), "");
        Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwxr-xr-x"));
        HomePermissions.secure(home);
        assertThat(perms(home)).isEqualTo("rwx------");
        assertThat(perms(home.resolve("identity"))).isEqualTo("rwx------");
        assertThat(perms(home.resolve("identity/cert.pem"))).isEqualTo("rw-------");
        assertThat(perms(home.resolve("config.json"))).isEqualTo("rw-------");
        assertThat(perms(home.resolve("index.db"))).isEqualTo("rw-------");
    }

    @Test
    void aHomeThatHoldsOtherThingsKeepsThemAsTheyAre() throws Exception {
        Path home = Files.createDirectories(tmp.resolve("user"));
        Path script = Files.writeString(home.resolve("run.sh"), "#!/bin/sh");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path docs = Files.createDirectories(home.resolve("Documents"));
        Files.setPosixFilePermissions(docs, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.writeString(home.resolve("config.json"), "{}");
        HomePermissions.secure(home);
        assertThat(perms(script)).isEqualTo("rwxr-xr-x");
        assertThat(perms(docs)).isEqualTo("rwxr-xr-x");
        assertThat(perms(home))
                .as("a directory with the user's own things in it")
                .isEqualTo("rwxr-xr-x");
        assertThat(perms(home.resolve("config.json"))).isEqualTo("rw-------");
    }
}
