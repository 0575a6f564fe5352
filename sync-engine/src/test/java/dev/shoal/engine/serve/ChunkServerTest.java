package dev.shoal.engine.serve;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import dev.shoal.engine.protocol.BlockDelta;
import dev.shoal.engine.protocol.MessageCodec;
import dev.shoal.engine.protocol.WireFormatException;
import dev.shoal.engine.protocol.wire.ErrorCode;
import dev.shoal.engine.protocol.wire.Request;
import dev.shoal.engine.protocol.wire.Response;
import dev.shoal.engine.spi.DeviceId;
import dev.shoal.store.chunk.Chunk;
import dev.shoal.store.chunk.ChunkHasher;
import dev.shoal.store.index.Folder;
import dev.shoal.store.index.Index;
import dev.shoal.store.read.ChunkReader;
import dev.shoal.store.scan.Scanner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.ForkJoinPool;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChunkServerTest {
    static final DeviceId FRIEND = DeviceId.ofCertificate("friend".getBytes());
    static final DeviceId STRANGER = DeviceId.ofCertificate("stranger".getBytes());

    @TempDir
    Path tmp;

    Index index;
    ChunkServer server;
    byte[] data = new byte[1_500_000];
    Chunk chunk;

    @BeforeEach
    void setUp() throws Exception {
        new Random(2).nextBytes(data);
        Path docs = Files.createDirectories(tmp.resolve("docs"));
        Files.write(docs.resolve("report.bin"), data);
        Files.createDirectories(tmp.resolve("private"));
        Files.write(tmp.resolve("private/secret.bin"), data); // same bytes, but in a folder not shared
        index = Index.open(tmp.resolve("index.db"));
        Folder d = index.addFolder("docs", docs);
        Folder p = index.addFolder("private", tmp.resolve("private"));
        Scanner scanner = new Scanner(index, new ChunkHasher(), ForkJoinPool.commonPool(), 1);
        scanner.scan(d);
        scanner.scan(p);
        chunk = index.localFile(d, "report.bin")
                .orElseThrow()
                .manifest()
                .chunks()
                .get(3);
        server = new ChunkServer(
                index,
                new ChunkReader(index, f -> {}),
                (folder, device) -> folder.equals("docs") && device.equals(FRIEND));
    }

    @AfterEach
    void tearDown() {
        index.close();
    }

    /** The answer as the requester decodes it from the wire. */
    Response serve(DeviceId requester, Request request) {
        try {
            return MessageCodec.decodeResponse(server.serve(requester, request));
        } catch (WireFormatException e) {
            throw new AssertionError("the server sent a malformed response", e);
        }
    }

    Request request(String folder) {
        return Request.newBuilder()
                .setFolder(folder)
                .setName("report.bin")
                .setOffset(chunk.offset())
                .setSize(chunk.size())
                .setHash(ByteString.copyFrom(chunk.hash().bytes()))
                .build();
    }

    @Test
    void servesVerifiedBytesToADeviceTheFolderIsSharedWith() {
        Response r = serve(FRIEND, request("docs"));
        assertThat(r.getCode()).isEqualTo(ErrorCode.ERROR_CODE_NONE);
        assertThat(r.getData().toByteArray())
                .isEqualTo(Arrays.copyOfRange(data, (int) chunk.offset(), (int) chunk.offset() + chunk.size()));
    }

    @Test
    void sendsOnlyTheBlocksARequesterWithAnOldCopyLacksAndCountsWhatItSent() throws Exception {
        byte[] want = Arrays.copyOfRange(data, (int) chunk.offset(), (int) chunk.offset() + chunk.size());
        byte[] base = want.clone();
        base[20_000] ^= 1; // one changed byte: its block alone must be sent
        Request.Builder withBase = request("docs").toBuilder();
        BlockDelta.describeBase(withBase, base, want.length);

        Response r = serve(FRIEND, withBase.build());
        assertThat(r.getDelta()).isTrue();
        assertThat(r.getData().size()).isEqualTo(BlockDelta.BLOCK_SIZE);
        assertThat(BlockDelta.assemble(r, base, want.length)).isEqualTo(want);

        serve(FRIEND, request("docs"));
        assertThat(server.servedTo(FRIEND)).isEqualTo(BlockDelta.BLOCK_SIZE + want.length);
        assertThat(server.servedTo(STRANGER)).isZero();
    }

    @Test
    void refusesUnsharedFoldersAndUnknownDevices() {
        assertThat(serve(STRANGER, request("docs")).getCode()).isEqualTo(ErrorCode.ERROR_CODE_NOT_SHARED);
        assertThat(serve(FRIEND, request("private")).getCode()).isEqualTo(ErrorCode.ERROR_CODE_NOT_SHARED);
        assertThat(serve(FRIEND, request("private")).getData()).isEmpty();
        assertThat(serve(FRIEND, request("nope")).getCode()).isEqualTo(ErrorCode.ERROR_CODE_NOT_SHARED);
    }

    @Test
    void malformedRequestsAndChangedFilesGetErrorsNotData() throws Exception {
        assertThat(serve(
                                FRIEND,
                                request("docs").toBuilder()
                                        .setName("../private/secret.bin")
                                        .build())
                        .getCode())
                .isEqualTo(ErrorCode.ERROR_CODE_INVALID_FILE);
        assertThat(serve(FRIEND, request("docs").toBuilder().setSize(100 << 20).build())
                        .getCode())
                .isEqualTo(ErrorCode.ERROR_CODE_GENERIC);
        Files.write(tmp.resolve("docs/report.bin"), new byte[] {1}, StandardOpenOption.APPEND);
        assertThat(serve(FRIEND, request("docs")).getCode()).isEqualTo(ErrorCode.ERROR_CODE_INVALID_FILE);
    }
}
