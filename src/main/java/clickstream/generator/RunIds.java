package clickstream.generator;

import java.util.SplittableRandom;
import java.util.UUID;

/**
 * Event and session ids: random (version 4) UUIDs whose 122 random bits are two draws of the seeded generator XOR a
 * key drawn once per generator instance ({@link #random()}, i.e. {@link UUID#randomUUID()}, SecureRandom).
 *
 * <p>Why both: the seeded draws cost what they always did (two {@code nextLong}, no lock, no SecureRandom per id)
 * and keep the ids of one run as unique as any random UUID; the key makes every run differ, so a restart, a second
 * replica or a run with the same {@code generator.seed} never repeats an id of another run. XOR with a fixed key is a
 * bijection, so it cannot make two ids of one run equal; an id of a run with key k1 equals one of a run with key k2
 * only if two seeded draws differ by exactly k1 ^ k2, a 2^-122 chance per pair (the same position of the same seed
 * always differs: there the draws are equal and the keys are not).
 */
final class RunIds {

    private static final long VERSION_MASK = 0xF000L;
    private static final long VERSION_4 = 0x4000L;
    private static final long VARIANT_MASK = 0x3L << 62;
    private static final long VARIANT_IETF = 0x2L << 62; // 10xx

    private final long keyMsb;
    private final long keyLsb;

    /** For tests that need a run's exact ids again; the app always uses {@link #random()}. */
    RunIds(long keyMsb, long keyLsb) {
        this.keyMsb = keyMsb;
        this.keyLsb = keyLsb;
    }

    /** A key of this instance's own: 122 bits from SecureRandom, drawn once. */
    static RunIds random() {
        UUID key = UUID.randomUUID();
        return new RunIds(key.getMostSignificantBits(), key.getLeastSignificantBits());
    }

    String uuid(SplittableRandom rnd) {
        long msb = ((rnd.nextLong() ^ keyMsb) & ~VERSION_MASK) | VERSION_4;
        long lsb = ((rnd.nextLong() ^ keyLsb) & ~VARIANT_MASK) | VARIANT_IETF;
        return new UUID(msb, lsb).toString();
    }
}
