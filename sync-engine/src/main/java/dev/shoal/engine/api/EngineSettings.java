package dev.shoal.engine.api;

/**
 * Every tuning knob of the engine, in one place. {@link #fromSystemProperties()} lets an operator override the ones
 * meant for experiments without a rebuild ({@code -Dshoal.parallelFiles}, {@code -Dshoal.pendingRecords}); nothing
 * else in the engine reads system properties.
 *
 * @param parallelFiles small files a folder pulls at once: a small file costs a round trip and two fsyncs, almost no
 *     CPU, so they go many at a time and share the file system's journal commits
 * @param pendingRecords peers' records a folder holds in memory for its next pull; beyond that the pull reads them
 *     from the index instead
 * @param recordsWaitingHigh a peer's records waiting to be stored above which its control messages wait (the
 *     transport's flow control then holds the peer back)
 * @param recordsWaitingLow ... and below which they flow again
 * @param serveThreads threads reading the chunks peers ask for, apart from the hashing pool so a scan and serving
 *     never wait for each other
 * @param decodeThreads threads decoding peers' control messages (each peer's in order) off the transport's threads
 * @param failedRetrySeconds a file that failed to arrive (its source went away, refused it, or sent bad data) is
 *     tried again this long after, even when nothing else starts a pull
 * @param clock the time versions are stamped and cleaned up by (tests move it forward by days)
 */
public record EngineSettings(
        int parallelFiles,
        int pendingRecords,
        int recordsWaitingHigh,
        int recordsWaitingLow,
        int serveThreads,
        int decodeThreads,
        int failedRetrySeconds,
        java.time.InstantSource clock) {

    public static final EngineSettings DEFAULT =
            new EngineSettings(16, 20_000, 20_000, 5_000, 2, 2, 60, java.time.InstantSource.system());

    public EngineSettings {
        if (parallelFiles < 1
                || pendingRecords < 0
                || serveThreads < 1
                || decodeThreads < 1
                || failedRetrySeconds < 1
                || clock == null) {
            throw new IllegalArgumentException("engine settings out of range: " + this);
        }
        if (recordsWaitingLow >= recordsWaitingHigh) {
            throw new IllegalArgumentException("recordsWaitingLow must be below recordsWaitingHigh");
        }
    }

    /** The defaults, with {@code -Dshoal.parallelFiles} and {@code -Dshoal.pendingRecords} applied. */
    public static EngineSettings fromSystemProperties() {
        return DEFAULT.withParallelFiles(Integer.getInteger("shoal.parallelFiles", DEFAULT.parallelFiles))
                .withPendingRecords(Integer.getInteger("shoal.pendingRecords", DEFAULT.pendingRecords));
    }

    public EngineSettings withParallelFiles(int files) {
        return new EngineSettings(
                files,
                pendingRecords,
                recordsWaitingHigh,
                recordsWaitingLow,
                serveThreads,
                decodeThreads,
                failedRetrySeconds,
                clock);
    }

    public EngineSettings withPendingRecords(int records) {
        return new EngineSettings(
                parallelFiles,
                records,
                recordsWaitingHigh,
                recordsWaitingLow,
                serveThreads,
                decodeThreads,
                failedRetrySeconds,
                clock);
    }

    public EngineSettings withFailedRetrySeconds(int seconds) {
        return new EngineSettings(
                parallelFiles,
                pendingRecords,
                recordsWaitingHigh,
                recordsWaitingLow,
                serveThreads,
                decodeThreads,
                seconds,
                clock);
    }

    public EngineSettings withClock(java.time.InstantSource c) {
        return new EngineSettings(
                parallelFiles,
                pendingRecords,
                recordsWaitingHigh,
                recordsWaitingLow,
                serveThreads,
                decodeThreads,
                failedRetrySeconds,
                c);
    }
}
