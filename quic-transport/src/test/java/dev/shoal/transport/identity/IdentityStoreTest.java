package dev.shoal.transport.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shoal.engine.spi.DeviceId;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdentityStoreTest {
    @TempDir
    Path home;

    @Test
    void certificateReloadedFromDiskGivesTheSameId() throws IOException {
        DeviceIdentity created = new IdentityStore(home).loadOrCreate("laptop");
        DeviceIdentity reloaded = new IdentityStore(home).load();

        assertThat(reloaded.deviceId()).isEqualTo(created.deviceId());
        assertThat(reloaded.certificate()).isEqualTo(created.certificate());
        assertThat(reloaded.privateKey().getEncoded())
                .isEqualTo(created.privateKey().getEncoded());
        assertThat(DeviceId.parse(created.deviceId().toString())).isEqualTo(reloaded.deviceId());
    }

    @Test
    void loadOrCreateKeepsAnExistingIdentity() throws IOException {
        DeviceId first = new IdentityStore(home).loadOrCreate("a").deviceId();
        DeviceId second = new IdentityStore(home).loadOrCreate("b").deviceId();
        assertThat(second).isEqualTo(first);
    }

    @Test
    void twoDevicesGetDifferentIds() {
        CertificateFactory factory = new CertificateFactory();
        assertThat(factory.create("x").deviceId())
                .isNotEqualTo(factory.create("x").deviceId());
    }

    @Test
    void privateKeyIsReadableByTheOwnerOnly() throws IOException {
        new IdentityStore(home).loadOrCreate("laptop");
        Path key = home.resolve(IdentityStore.KEY_FILE);
        if (key.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key)))
                    .isEqualTo("rw-------");
        }
        assertThat(Files.readString(key)).startsWith("-----BEGIN PRIVATE KEY-----");
    }

    @Test
    void certificateIsSelfSignedEcForClientAndServerAuth() throws Exception {
        DeviceIdentity identity = new CertificateFactory().create("nas, \"main\"");
        identity.certificate().verify(identity.certificate().getPublicKey());
        assertThat(identity.certificate().getPublicKey().getAlgorithm()).isEqualTo("EC");
        assertThat(identity.certificate().getExtendedKeyUsage())
                .containsExactlyInAnyOrder("1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2");
    }

    @Test
    void mismatchedKeyAndCertificateAreRefused(@TempDir Path other) throws IOException {
        new IdentityStore(home).loadOrCreate("a");
        new IdentityStore(other).loadOrCreate("b");
        Files.copy(
                other.resolve(IdentityStore.KEY_FILE),
                home.resolve(IdentityStore.KEY_FILE),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        assertThatThrownBy(() -> new IdentityStore(home).load())
                .isInstanceOf(IOException.class)
                .hasMessageContaining("does not belong");
    }
}
