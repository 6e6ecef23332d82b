package clickstream.generator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

class AliasTableTest {

    @Test
    void drawsInProportionToTheWeights() {
        double[] weights = {1, 0, 2, 3, 4};
        AliasTable table = new AliasTable(weights);
        SplittableRandom rnd = new SplittableRandom(1);
        int n = 1_000_000;
        int[] counts = new int[weights.length];
        for (int i = 0; i < n; i++) {
            counts[table.sample(rnd)]++;
        }
        assertThat(counts[1]).isZero();
        for (int i = 0; i < weights.length; i++) {
            assertThat(counts[i] / (double) n).as("share of %d", i).isCloseTo(weights[i] / 10, within(0.005));
        }
    }

    @Test
    void singleWeightAlwaysDrawsIt() {
        AliasTable table = new AliasTable(0.3);
        SplittableRandom rnd = new SplittableRandom(1);
        for (int i = 0; i < 1000; i++) {
            assertThat(table.sample(rnd)).isZero();
        }
    }

    @Test
    void rejectsUnusableWeights() {
        assertThatThrownBy(AliasTable::new).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new AliasTable(0, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new AliasTable(1, -1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new AliasTable(1, Double.NaN)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new AliasTable(1, Double.POSITIVE_INFINITY))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
