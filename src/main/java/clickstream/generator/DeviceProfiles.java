package clickstream.generator;

import java.util.SplittableRandom;

import clickstream.model.DeviceType;

/**
 * Weighted devices and, per device, weighted user agents and entry referrers that fit it (an iPhone Safari agent
 * is only ever seen on a mobile session; social referrers weigh more on mobile).
 */
final class DeviceProfiles {

    /** Referrer of sessions that were started by typing the address or from a bookmark. */
    static final String DIRECT = "direct";

    private static final DeviceType[] DEVICES = DeviceType.values();

    private final AliasTable devices;
    private final Weighted[] userAgents = new Weighted[DEVICES.length];
    private final Weighted[] referrers = new Weighted[DEVICES.length];

    DeviceProfiles() {
        double[] deviceWeights = new double[DEVICES.length];
        deviceWeights[DeviceType.MOBILE.ordinal()] = 55;
        deviceWeights[DeviceType.DESKTOP.ordinal()] = 35;
        deviceWeights[DeviceType.TABLET.ordinal()] = 10;
        devices = new AliasTable(deviceWeights);

        userAgents[DeviceType.MOBILE.ordinal()] = new Weighted(
                new String[] {
                    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1",
                    "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Mobile Safari/537.36",
                    "Mozilla/5.0 (Linux; Android 14; SM-S921B) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Mobile Safari/537.36",
                    "Mozilla/5.0 (Linux; Android 13; SM-A546B) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/25.0 Chrome/121.0.0.0 Mobile Safari/537.36"},
                45, 25, 20, 10);
        userAgents[DeviceType.DESKTOP.ordinal()] = new Weighted(
                new String[] {
                    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36",
                    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15",
                    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36 Edg/126.0.0.0",
                    "Mozilla/5.0 (X11; Linux x86_64; rv:127.0) Gecko/20100101 Firefox/127.0"},
                50, 25, 15, 10);
        userAgents[DeviceType.TABLET.ordinal()] = new Weighted(
                new String[] {
                    "Mozilla/5.0 (iPad; CPU OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1",
                    "Mozilla/5.0 (Linux; Android 14; SM-X710) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36"},
                65, 35);

        String[] sources = {DIRECT, "https://www.google.com/", "https://news.google.com/", "https://www.facebook.com/",
            "https://t.co/", "https://www.reddit.com/", "https://www.bing.com/"};
        referrers[DeviceType.MOBILE.ordinal()] = new Weighted(sources, 15, 25, 15, 20, 15, 8, 2);
        referrers[DeviceType.DESKTOP.ordinal()] = new Weighted(sources, 35, 30, 10, 7, 5, 8, 5);
        referrers[DeviceType.TABLET.ordinal()] = new Weighted(sources, 30, 30, 15, 12, 5, 5, 3);
    }

    /**
     * Crawlers: the user agents they really send (so a log reader or a filter on "bot" finds them), each with the
     * device it claims; weighted roughly as they show up in a news site's logs.
     */
    private static final String[] CRAWLER_AGENTS = {
        "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
        "Mozilla/5.0 (Linux; Android 6.0.1; Nexus 5X Build/MMB29P) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.6478.126 Mobile Safari/537.36 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
        "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)",
        "Mozilla/5.0 (compatible; YandexBot/3.0; +http://yandex.com/bots)",
        "DuckDuckBot/1.1; (+http://duckduckgo.com/duckduckbot.html)",
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/13.1.1 Safari/605.1.15 (Applebot/0.1; +http://www.apple.com/go/applebot)"};
    private static final DeviceType[] CRAWLER_DEVICES = {DeviceType.DESKTOP, DeviceType.MOBILE, DeviceType.DESKTOP,
        DeviceType.DESKTOP, DeviceType.DESKTOP, DeviceType.DESKTOP};
    private final AliasTable crawlers = new AliasTable(35, 25, 20, 8, 6, 6);

    /** A crawler profile: an index for {@link #crawlerAgent} and {@link #crawlerDevice}. */
    int crawler(SplittableRandom rnd) {
        return crawlers.sample(rnd);
    }

    static String crawlerAgent(int crawler) {
        return CRAWLER_AGENTS[crawler];
    }

    static DeviceType crawlerDevice(int crawler) {
        return CRAWLER_DEVICES[crawler];
    }

    DeviceType device(SplittableRandom rnd) {
        return DEVICES[devices.sample(rnd)];
    }

    String userAgent(DeviceType device, SplittableRandom rnd) {
        return userAgents[device.ordinal()].sample(rnd);
    }

    String referrer(DeviceType device, SplittableRandom rnd) {
        return referrers[device.ordinal()].sample(rnd);
    }

    /** Strings with weights. */
    private static final class Weighted {
        private final String[] values;
        private final AliasTable table;

        Weighted(String[] values, double... weights) {
            if (values.length != weights.length) {
                throw new IllegalArgumentException("one weight per value");
            }
            this.values = values;
            this.table = new AliasTable(weights);
        }

        String sample(SplittableRandom rnd) {
            return values[table.sample(rnd)];
        }
    }
}
