package clickstream.generator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;

import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

class RunIdsTest {

    /** The bits a v4 UUID keeps from its source (all but version and variant). */
    private static final long MSB_RANDOM = ~0xF000L;
    private static final long LSB_RANDOM = ~(0x3L << 62);

    private static List<String> ids(RunIds key, long seed, int n) {
        SplittableRandom rnd = new SplittableRandom(seed);
        List<String> ids = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            ids.add(key.uuid(rnd));
        }
        return ids;
    }

    @Property(tries = 200)
    void anyTwoKeysGiveValidDisjointIdsForTheSameSeed(@ForAll long seed, @ForAll long msb1, @ForAll long lsb1,
            @ForAll long msb2, @ForAll long lsb2) {
        Assume.that(((msb1 ^ msb2) & MSB_RANDOM) != 0 || ((lsb1 ^ lsb2) & LSB_RANDOM) != 0);
        List<String> a = ids(new RunIds(msb1, lsb1), seed, 500);
        List<String> b = ids(new RunIds(msb2, lsb2), seed, 500);
        for (String id : a) {
            UUID uuid = UUID.fromString(id);
            assertThat(uuid.version()).isEqualTo(4);
            assertThat(uuid.variant()).isEqualTo(2);
        }
        assertThat(new HashSet<>(a)).hasSize(a.size());
        assertThat(b).doesNotContainAnyElementsOf(a);
    }

    @Property(tries = 50)
    void theSameKeyAndSeedGiveTheSameIds(@ForAll long seed, @ForAll long msb, @ForAll long lsb) {
        assertThat(ids(new RunIds(msb, lsb), seed, 100)).isEqualTo(ids(new RunIds(msb, lsb), seed, 100));
    }

    @Property(tries = 20)
    void eachInstanceDrawsAKeyOfItsOwn(@ForAll long seed) {
        assertThat(ids(RunIds.random(), seed, 100)).doesNotContainAnyElementsOf(ids(RunIds.random(), seed, 100));
    }
}
