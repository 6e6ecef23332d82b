package clickstream.generator;

import java.util.SplittableRandom;

/** The short comments readers leave; a fixed list so seeded runs repeat exactly. */
final class CommentTexts {

    private static final String[] PHRASES = {
        "Great article, thanks!",
        "Interesting read.",
        "I completely disagree.",
        "Well researched and balanced.",
        "This needs more context.",
        "Finally someone said it.",
        "Can you cite your sources?",
        "Shared this with my team.",
        "Not convinced, to be honest.",
        "Very informative, thank you.",
        "The headline is misleading.",
        "Looking forward to a follow-up.",
        "What a story!",
        "This changed my mind.",
        "Too long, but worth it.",
        "Sad news.",
    };

    private CommentTexts() {
    }

    static String pick(SplittableRandom rnd) {
        return PHRASES[rnd.nextInt(PHRASES.length)];
    }

    static int count() {
        return PHRASES.length;
    }
}
