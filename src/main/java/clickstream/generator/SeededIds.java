package clickstream.generator;

import java.util.SplittableRandom;
import java.util.UUID;

/** Random (version 4) UUIDs drawn from the seeded generator, so a seed repeats its event and session ids. */
final class SeededIds {

    private SeededIds() {
    }

    static String uuid(SplittableRandom rnd) {
        long msb = (rnd.nextLong() & ~0xF000L) | 0x4000L; // version 4
        long lsb = (rnd.nextLong() & ~(0x3L << 62)) | (0x2L << 62); // IETF variant 10xx
        return new UUID(msb, lsb).toString();
    }
}
