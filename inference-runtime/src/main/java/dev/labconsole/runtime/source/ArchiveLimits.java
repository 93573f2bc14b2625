package dev.labconsole.runtime.source;

/**
 * How much a model archive may unpack to, checked as it unpacks (an archive's headers can claim any size,
 * so they are not trusted): a small archive that grows to fill the disk is an archive bomb, not a model.
 *
 * @param maxUnpackedBytes all files together, once unpacked
 * @param maxEntries files and folders
 * @param maxRatio unpacked bytes per archive byte read, checked once {@code ratioFloorBytes} are unpacked
 * @param ratioFloorBytes below this much unpacked the ratio is not checked: small text files (labels, a
 *     vocabulary) can compress far better than any model's weights without harm
 */
public record ArchiveLimits(long maxUnpackedBytes, int maxEntries, int maxRatio, long ratioFloorBytes) {

    /**
     * 2 GiB unpacked: the lab's Fargate task has 3 GB of memory, so a larger model could not run there.
     * 10,000 entries: a model folder holds a handful of files. 100 times: model weights compress little
     * (float32 about 1.1 times), a bomb a thousand times; the ratio Apache POI also uses for zip bombs.
     */
    public static final ArchiveLimits DEFAULTS = new ArchiveLimits(2L * 1024 * 1024 * 1024, 10_000, 100, 8L * 1024 * 1024);

    public ArchiveLimits {
        if (maxUnpackedBytes < 1 || maxEntries < 1 || maxRatio < 1 || ratioFloorBytes < 0) {
            throw new IllegalArgumentException("archive limits must be positive");
        }
    }
}
