package dev.shoal.store.versions;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Which kept versions go, for the count- and schedule-based policies. */
final class VersionCleanup {
    /** Staggered intervals: up to an age, at most one version per span. */
    private record Step(Duration upTo, Duration span) {}

    private static final List<Step> STAGGERED = List.of(
            new Step(Duration.ofHours(1), Duration.ofSeconds(30)),
            new Step(Duration.ofDays(1), Duration.ofHours(1)),
            new Step(Duration.ofDays(30), Duration.ofDays(1)),
            new Step(Duration.ofDays(36500), Duration.ofDays(7)));

    private VersionCleanup() {}

    static int apply(List<StoredVersion> all, Versioning policy, Instant now) throws IOException {
        Map<String, List<StoredVersion>> byName = new LinkedHashMap<>();
        for (StoredVersion v : all) {
            byName.computeIfAbsent(v.name(), n -> new ArrayList<>()).add(v);
        }
        int removed = 0;
        for (List<StoredVersion> versions : byName.values()) {
            removed += policy.type() == Versioning.Type.SIMPLE
                    ? keepNewest(versions, policy.keep())
                    : stagger(versions, policy.maxAgeDays(), now);
        }
        return removed;
    }

    /** Deletes all but the newest {@code keep} of one file's versions. */
    static int keepNewest(List<StoredVersion> versions, int keep) throws IOException {
        List<StoredVersion> newestFirst = new ArrayList<>(versions);
        newestFirst.sort(Comparator.comparing(StoredVersion::archivedAt).reversed());
        int removed = 0;
        for (StoredVersion v : newestFirst.subList(Math.min(keep, newestFirst.size()), newestFirst.size())) {
            Files.deleteIfExists(v.path());
            removed++;
        }
        return removed;
    }

    /**
     * Keeps, of one file's versions, the newest and then one per span of its age (30 s in the first hour, an hour
     * in the first day, a day in the first 30 days, a week after), none older than {@code maxAgeDays}.
     */
    static int stagger(List<StoredVersion> versions, int maxAgeDays, Instant now) throws IOException {
        LocalDateTime at = LocalDateTime.ofInstant(now, ZoneId.systemDefault());
        List<StoredVersion> newestFirst = new ArrayList<>(versions);
        newestFirst.sort(Comparator.comparing(StoredVersion::archivedAt).reversed());
        int removed = 0;
        LocalDateTime lastKept = null;
        for (StoredVersion v : newestFirst) {
            Duration age = Duration.between(v.archivedAt(), at);
            boolean tooOld = age.compareTo(Duration.ofDays(maxAgeDays)) > 0;
            boolean tooClose = lastKept != null
                    && Duration.between(v.archivedAt(), lastKept).compareTo(span(age)) < 0;
            if (tooOld || tooClose) {
                Files.deleteIfExists(v.path());
                removed++;
            } else {
                lastKept = v.archivedAt();
            }
        }
        return removed;
    }

    private static Duration span(Duration age) {
        for (Step s : STAGGERED) {
            if (age.compareTo(s.upTo()) <= 0) {
                return s.span();
            }
        }
        return STAGGERED.getLast().span();
    }
}
