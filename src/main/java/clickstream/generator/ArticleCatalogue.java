package clickstream.generator;

import java.util.Locale;
import java.util.SplittableRandom;

import clickstream.model.Category;

/**
 * The site's articles: every category holds {@code articlesPerCategory} articles ranked by popularity. An article
 * is an int ({@code category.ordinal() * perCategory + rank - 1}) so sampling allocates nothing; its id,
 * {@code tech-00042}, is built once.
 *
 * <p>Sampling is two alias draws: a weighted category, then a Zipf-distributed rank within it (the same shape in
 * every category).
 */
final class ArticleCatalogue {

    private static final Category[] CATEGORIES = Category.values();

    /** Share of article traffic per category, in {@link Category} order; the sum need not be 1. */
    private static final double[] CATEGORY_WEIGHTS = weights();

    private final int perCategory;
    private final String[] ids;
    private final AliasTable categories = new AliasTable(CATEGORY_WEIGHTS);
    private final AliasTable ranks;

    ArticleCatalogue(int perCategory, double zipfExponent) {
        this.perCategory = perCategory;
        this.ids = new String[CATEGORIES.length * perCategory];
        for (Category category : CATEGORIES) {
            for (int rank = 1; rank <= perCategory; rank++) {
                ids[category.ordinal() * perCategory + rank - 1] = String.format(Locale.ROOT, "%s-%05d", category.value(), rank);
            }
        }
        double[] zipf = new double[perCategory];
        for (int rank = 1; rank <= perCategory; rank++) {
            zipf[rank - 1] = 1.0 / StrictMath.pow(rank, zipfExponent); // StrictMath: same table on every JVM
        }
        this.ranks = new AliasTable(zipf);
    }

    int sample(SplittableRandom rnd) {
        return categories.sample(rnd) * perCategory + ranks.sample(rnd);
    }

    /** An article of a random category from the lower half of its ranking: little read until something happens. */
    int unpopular(SplittableRandom rnd) {
        int category = rnd.nextInt(CATEGORIES.length);
        int half = perCategory / 2;
        return category * perCategory + half + rnd.nextInt(perCategory - half);
    }

    String id(int article) {
        return ids[article];
    }

    Category category(int article) {
        return CATEGORIES[article / perCategory];
    }

    int size() {
        return ids.length;
    }

    private static double[] weights() {
        double[] w = new double[CATEGORIES.length];
        w[Category.POLITICS.ordinal()] = 22;
        w[Category.TECH.ordinal()] = 18;
        w[Category.SPORTS.ordinal()] = 16;
        w[Category.WORLD.ordinal()] = 12;
        w[Category.BUSINESS.ordinal()] = 10;
        w[Category.ENTERTAINMENT.ordinal()] = 10;
        w[Category.SCIENCE.ordinal()] = 7;
        w[Category.HEALTH.ordinal()] = 5;
        return w;
    }
}
