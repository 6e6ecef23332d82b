package clickstream.config;

import static clickstream.config.ValueTypes.CENTURY;
import static clickstream.config.ValueTypes.bool;
import static clickstream.config.ValueTypes.choice;
import static clickstream.config.ValueTypes.doubleRange;
import static clickstream.config.ValueTypes.duration;
import static clickstream.config.ValueTypes.durationOrForever;
import static clickstream.config.ValueTypes.intRange;
import static clickstream.config.ValueTypes.list;
import static clickstream.config.ValueTypes.longRange;
import static clickstream.config.ValueTypes.matching;
import static clickstream.config.ValueTypes.text;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Every setting of the app, declared once (key, type and range, one-line doc), in groups; Camel's own
 * {@code camel.*} keys are Camel's and not here. Defaults live only in src/main/resources/application.properties.
 * docs/configuration.md is generated from {@link #GROUPS} (ConfigurationDocTest); SettingsCatalogTest checks that
 * application.properties sets (or, for an optional setting, shows commented out) every key here and no other.
 */
public final class SettingsCatalog {

    private SettingsCatalog() {
    }

    /** A section of docs/configuration.md: a title, a line saying where the settings act, and its settings. */
    public record Group(String title, String doc, List<Setting<?>> settings) {
    }

    public static final class Kafka {
        public static final Setting<String> BROKERS = Setting.optional("kafka.brokers", text(),
                "bootstrap servers (`host:port,...`); unset = start the embedded broker on `embedded.kafka.port`");
        public static final Setting<String> TOPIC = Setting.of("kafka.topic", text(), "the event topic");
        public static final Setting<String> DLQ_TOPIC = Setting.of("kafka.dlq-topic", text(), "the dead-letter topic");
        public static final Setting<Integer> PARTITIONS = Setting.of("kafka.topic.partitions", intRange(1, 10_000),
                "partitions when the app creates the topics (existing topics are left alone); the most indexer consumers "
                        + "one group can use");
        public static final Setting<Integer> REPLICATION_FACTOR = Setting.of("kafka.topic.replication-factor",
                intRange(1, Short.MAX_VALUE), "replicas of both topics when the app creates them (3 on a real cluster); "
                        + "an existing topic that differs is logged as a WARN, never altered");
        public static final Setting<Optional<Duration>> DLQ_RETENTION = Setting.of("kafka.dlq-retention",
                durationOrForever(Duration.ofHours(1), CENTURY), "`retention.ms` of the dead-letter topic when the app "
                        + "creates it, counted from when a record was dead-lettered; an existing topic's is only checked");
        public static final Setting<String> GROUP_ID = Setting.of("kafka.consumer.group-id", text(),
                "the indexer's consumer group (the replay's is `<group-id>-replay`)");
        public static final Setting<Integer> LINGER_MS = Setting.of("kafka.producer.linger-ms", intRange(0, 60_000),
                "the generator's producer batching delay, ms");
        public static final Setting<String> COMPRESSION = Setting.of("kafka.producer.compression",
                choice("none", "gzip", "snappy", "lz4", "zstd"), "the generator's producer compression");
        public static final Setting<String> EVENT_FORMAT = Setting.of("event.format",
                choice("json", "avro"), "how events are written into the topic's records, read by the generator and the "
                        + "indexer alike (a record of the other format is dead-lettered): `json` (UTF-8 JSON) or `avro` "
                        + "(Avro single-object encoding, schema src/main/avro/click-event.avsc); the documents are JSON "
                        + "either way. docs/benchmark.md compares the two");

        static final Group GROUP = new Group("Kafka", "The cluster, the topics and the producer.",
                List.of(BROKERS, TOPIC, DLQ_TOPIC, PARTITIONS, REPLICATION_FACTOR, DLQ_RETENTION, GROUP_ID, LINGER_MS,
                        COMPRESSION, EVENT_FORMAT));

        private Kafka() {
        }
    }

    public static final class Security {
        public static final Setting<String> OPENSEARCH_CA_FILE = Setting.optional("opensearch.ca-file", text(),
                "https: the CA that signed the OpenSearch nodes' certificates, PEM; empty = the JVM's default CAs "
                        + "(camel-opensearch has no CA file option: clickstream.connect.OpenSearchConnection)");

        static final Group GROUP = new Group("Security (what Camel's components lack)",
                "Kafka and OpenSearch security is set with Camel's own `camel.component.kafka.*` and "
                        + "`camel.component.opensearch.*` options (docs/deploy.md); this is the rest. Checked at "
                        + "start-up: a missing or unreadable file stops the app with one line.",
                List.of(OPENSEARCH_CA_FILE));

        private Security() {
        }
    }

    public static final class OpenSearch {
        public static final Setting<String> HOSTS = Setting.optional("opensearch.hosts", text(),
                "comma-separated base URLs with scheme (`https://host:9200`); unset = start the embedded node on "
                        + "`embedded.opensearch.port`");
        public static final Setting<String> CLUSTER_NAME = Setting.of("opensearch.cluster-name", text(),
                "the name in the `opensearch:` endpoint URI (informational)");
        public static final Setting<String> INDEX_PREFIX = Setting.of("opensearch.index-prefix", text(),
                "indices are `<prefix>-yyyy.MM.dd`, searched as `<prefix>*`; the index template is `<prefix>`");
        public static final Setting<Integer> SHARDS = Setting.of("opensearch.index.shards", intRange(1, 1024),
                "primary shards per daily index");
        public static final Setting<Integer> REPLICAS = Setting.of("opensearch.index.replicas", intRange(0, 16),
                "replicas per daily index (the embedded single node uses 0)");
        public static final Setting<String> REFRESH_INTERVAL = Setting.of("opensearch.index.refresh-interval",
                matching("-1|\\d{1,9}(ms|s|m|h)", "an OpenSearch time value such as 1s, 500ms or 30s, or -1 (off)"),
                "how soon indexed events become searchable");
        public static final Setting<String> TRANSLOG_DURABILITY = Setting.of("opensearch.index.translog-durability",
                choice("request (fsync before each write is acknowledged)", "async (fsync every 5 s)"),
                "when the translog is fsynced; async is faster, and a crash loses up to 5 s");
        public static final Setting<Boolean> INGEST_TIMESTAMP = Setting.of("opensearch.ingest-timestamp", bool(),
                "`true` = an ingest pipeline sets `indexed_at` as the node ingests each document (costs throughput)");

        static final Group GROUP = new Group("OpenSearch", "The cluster and the daily indices.",
                List.of(HOSTS, CLUSTER_NAME, INDEX_PREFIX, SHARDS, REPLICAS, REFRESH_INTERVAL, TRANSLOG_DURABILITY,
                        INGEST_TIMESTAMP));

        private OpenSearch() {
        }
    }

    public static final class Generator {
        public static final Setting<Boolean> ENABLED = Setting.of("generator.enabled", bool(),
                "`false` runs an indexer only (e.g. a second instance)");
        public static final Setting<Double> RATE = Setting.of("generator.rate", doubleRange(0.001, 10_000_000),
                "events per second of this instance");
        public static final Setting<Long> TICK_MS = Setting.of("generator.tick-ms", longRange(1, 60_000),
                "timer period, ms; each tick sends the events due at the rate");
        // id strings are pre-built per user and article, so the pools are capped to keep that memory modest
        public static final Setting<Integer> USERS = Setting.of("generator.users", intRange(1, 1_000_000),
                "user pool size");
        public static final Setting<Integer> ARTICLES_PER_CATEGORY = Setting.of("generator.articles-per-category",
                intRange(1, 100_000), "catalogue size per category (8 categories)");
        public static final Setting<Integer> MAX_ACTIVE_SESSIONS = Setting.of("generator.max-active-sessions",
                intRange(1, 1_000_000), "open sessions at once, at most `generator.users` (one session per user)");
        public static final Setting<Long> SEED = Setting.optional("generator.seed", longRange(Long.MIN_VALUE, Long.MAX_VALUE),
                "unset = a seed drawn per run and logged; set = the same content (never the same ids) run after run");
        public static final Setting<Integer> MEAN_SESSION_EVENTS = Setting.of("generator.mean-session-events",
                intRange(1, 10_000), "mean events per session after the login");
        public static final Setting<Double> LOGOUT_PROBABILITY = Setting.of("generator.logout-probability",
                doubleRange(0, 1), "share of sessions that end with `logout`");
        public static final Setting<Double> ZIPF_EXPONENT = Setting.of("generator.zipf-exponent", doubleRange(0, 10),
                "popularity skew of the articles within a category (0 = uniform)");
        public static final Setting<Double> CHAOS_FRACTION = Setting.of("generator.chaos.fraction", doubleRange(0, 1),
                "share of events turned into bad records (0 = off); docs/operations.md");
        public static final Setting<List<String>> CHAOS_KINDS = Setting.optional("generator.chaos.kinds",
                list(choice("malformed", "missing-field", "duplicate", "late")),
                "the kinds of bad records, drawn with equal probability (needed when the fraction is above 0)");

        public static final Setting<Long> MAX_EVENTS = Setting.optional("generator.max-events",
                longRange(1, Long.MAX_VALUE), "unset = no end; set = the generator stops after this many events "
                        + "(a demo, a benchmark fill) and publishes its last, partial minute of ground truth");
        public static final Setting<Double> BOT_SHARE = Setting.of("generator.bot-share", doubleRange(0, 1),
                "share of sessions that are crawlers (`is_bot`, crawler user agents, views only); docs/generator.md");
        public static final Setting<String> TIME_OF_DAY = Setting.optional("generator.time-of-day",
                matching("\\s*\\d{1,3}(\\.\\d{1,6})?\\s*(,\\s*\\d{1,3}(\\.\\d{1,6})?\\s*){23}",
                        "24 comma-separated multipliers (0 to 999.999999), hours 0 to 23 UTC"),
                "unset = flat; set = `generator.rate` times the multiplier of the event clock's hour (UTC)");
        public static final Setting<Duration> BREAKING_NEWS_AFTER = Setting.optional("generator.breaking-news.after",
                duration(Duration.ZERO, CENTURY), "unset = no spike; set = this long after the start one article "
                        + "suddenly gets hot (breaking news)");
        public static final Setting<Duration> BREAKING_NEWS_DURATION = Setting.of("generator.breaking-news.duration",
                duration(Duration.ofSeconds(1), CENTURY), "how long the spike lasts");
        public static final Setting<Double> BREAKING_NEWS_SHARE = Setting.of("generator.breaking-news.share",
                doubleRange(0, 1), "during the spike, share of people's article events that go to the hot article");
        public static final Setting<Double> BREAKING_NEWS_RATE_FACTOR = Setting.of("generator.breaking-news.rate-factor",
                doubleRange(1, 100), "during the spike, `generator.rate` times this");
        public static final Setting<String> TRUTH_TOPIC = Setting.of("generator.truth-topic", text(),
                "where the generator publishes what it sent, per minute (ground truth for the accuracy panel and the "
                        + "reconciliation)");

        static final Group GROUP = new Group("Generator", "Route `generator` (Java).",
                List.of(ENABLED, RATE, TICK_MS, USERS, ARTICLES_PER_CATEGORY, MAX_ACTIVE_SESSIONS, SEED,
                        MEAN_SESSION_EVENTS, LOGOUT_PROBABILITY, ZIPF_EXPONENT, CHAOS_FRACTION, CHAOS_KINDS,
                        MAX_EVENTS, BOT_SHARE, TIME_OF_DAY, BREAKING_NEWS_AFTER, BREAKING_NEWS_DURATION,
                        BREAKING_NEWS_SHARE, BREAKING_NEWS_RATE_FACTOR, TRUTH_TOPIC));

        private Generator() {
        }
    }

    public static final class Indexer {
        public static final Setting<Boolean> ENABLED = Setting.of("indexer.enabled", bool(),
                "`false` runs a generator only");
        public static final Setting<Integer> MAX_POLL_RECORDS = Setting.of("indexer.max-poll-records",
                intRange(1, 1_000_000), "records per batch at most (sent in as many bulk requests as "
                        + "`indexer.max-bulk-bytes` needs)");
        public static final Setting<Integer> BATCHING_INTERVAL_MS = Setting.of("indexer.batching-interval-ms",
                intRange(1, 600_000), "a partial batch is sent after this long, ms (bounds latency at low rates)");
        public static final Setting<Integer> POLL_TIMEOUT_MS = Setting.of("indexer.poll-timeout-ms",
                intRange(1, 600_000), "Kafka poll timeout, ms");
        public static final Setting<Integer> CONSUMERS = Setting.of("indexer.consumers", intRange(1, 1024),
                "consumer threads in this instance, each with up to `indexer.batches-in-flight` bulk requests in flight");
        public static final Setting<String> AUTO_OFFSET_RESET = Setting.of("indexer.auto-offset-reset",
                choice("earliest", "latest", "none"), "where a new consumer group starts");
        public static final Setting<Integer> SESSION_TIMEOUT_MS = Setting.of("indexer.session-timeout-ms",
                intRange(1, 3_600_000), "a crashed indexer leaves the group after this long, ms, so a restart "
                        + "resumes within it");
        public static final Setting<Integer> HEARTBEAT_INTERVAL_MS = Setting.of("indexer.heartbeat-interval-ms",
                intRange(1, 3_600_000), "consumer heartbeat, ms (a third of the session timeout)");
        public static final Setting<Integer> MAX_EVENT_BYTES = Setting.of("indexer.max-event-bytes",
                intRange(256, 100 * 1024 * 1024), "larger records are dead-lettered as `too_large`");
        public static final Setting<Duration> MAX_EVENT_AGE = Setting.of("indexer.max-event-age",
                duration(Duration.ofMinutes(1), CENTURY), "older events are dead-lettered as `out_of_range` (raise it "
                        + "before replaying older dead letters)");
        public static final Setting<Duration> MAX_CLOCK_SKEW = Setting.of("indexer.max-clock-skew",
                duration(Duration.ZERO, CENTURY), "events further ahead of the indexer's clock are dead-lettered as "
                        + "`out_of_range`");
        public static final Setting<Integer> MAX_BULK_BYTES = Setting.of("indexer.max-bulk-bytes",
                intRange(1024, Integer.MAX_VALUE), "a batch goes out in bulk requests of at most this many bytes (a "
                        + "larger document goes alone); a 413 halves it for the rest of the run");
        public static final Setting<Integer> BATCHES_IN_FLIGHT = Setting.of("indexer.batches-in-flight",
                intRange(1, 64), "batches each consumer thread has in OpenSearch at once while it polls and validates "
                        + "the next (committed in offset order); 1 = poll again only once the batch is committed");

        static final Group GROUP = new Group("Indexer", "Routes `indexer` and `bulk-index` in `routes/indexer.camel.yaml`.",
                List.of(ENABLED, MAX_POLL_RECORDS, BATCHING_INTERVAL_MS, POLL_TIMEOUT_MS, CONSUMERS, AUTO_OFFSET_RESET,
                        SESSION_TIMEOUT_MS, HEARTBEAT_INTERVAL_MS, MAX_EVENT_BYTES, MAX_EVENT_AGE, MAX_CLOCK_SKEW,
                        MAX_BULK_BYTES, BATCHES_IN_FLIGHT));

        private Indexer() {
        }
    }

    public static final class Retry {
        public static final Setting<Integer> MAX_ATTEMPTS = Setting.of("retry.max-attempts",
                intRange(-1, Integer.MAX_VALUE), "retries of a transient fault; -1 = until it succeeds (the consumer "
                        + "holds its position)");
        public static final Setting<Long> INITIAL_DELAY_MS = Setting.of("retry.initial-delay-ms",
                longRange(0, 3_600_000), "first backoff, ms");
        public static final Setting<Double> MULTIPLIER = Setting.of("retry.multiplier", doubleRange(1, 100),
                "backoff growth (with ±15 % jitter)");
        public static final Setting<Long> MAX_DELAY_MS = Setting.of("retry.max-delay-ms", longRange(0, 86_400_000),
                "backoff cap, ms");

        static final Group GROUP = new Group("Error policy",
                "`routes/error-handling.camel.yaml`, the routeConfiguration every route uses: transient faults are retried with "
                        + "exponential backoff.",
                List.of(MAX_ATTEMPTS, INITIAL_DELAY_MS, MULTIPLIER, MAX_DELAY_MS));

        private Retry() {
        }
    }

    public static final class Replay {
        public static final Setting<Boolean> ENABLED = Setting.of("dlq.replay.enabled", bool(),
                "`true` re-publishes every dead-lettered record to `kafka.topic`");
        public static final Setting<Integer> MAX_REPLAYS = Setting.of("dlq.replay.max-replays",
                intRange(1, Integer.MAX_VALUE), "a record whose `clickstream.replay.count` has reached this is left "
                        + "in the dead-letter topic");

        static final Group GROUP = new Group("Dead-letter replay",
                "Route `dlq-replay` in `routes/dlq-replay.camel.yaml`, consumer group `<kafka.consumer.group-id>-replay`.",
                List.of(ENABLED, MAX_REPLAYS));

        private Replay() {
        }
    }

    public static final class Reconcile {
        public static final Setting<Boolean> COUNT_DUPLICATES = Setting.of("reconcile.count-duplicates", bool(),
                "`true` also reads the whole event topic to count the chaos duplicates");

        static final Group GROUP = new Group("Reconciliation", "The command `clickstream.reconcile.ReconcileMain`.",
                List.of(COUNT_DUPLICATES));

        private Reconcile() {
        }
    }

    public static final class Embedded {
        public static final Setting<String> DATA_DIR = Setting.of("embedded.data-dir", text(),
                "Kafka logs in `<dir>/kafka`, OpenSearch home and data in `<dir>/opensearch`");
        public static final Setting<Integer> KAFKA_PORT = Setting.of("embedded.kafka.port", intRange(1, 65535),
                "embedded broker port; in use = one-line error naming this key");
        public static final Setting<Integer> OPENSEARCH_PORT = Setting.of("embedded.opensearch.port",
                intRange(1, 65535), "embedded node HTTP port");
        // the services JVM's clusters (docs/clusters.md); the app's own embedded services are one broker, one node
        public static final Setting<Integer> KAFKA_BROKERS = Setting.of("embedded.kafka.brokers", intRange(1, 9),
                "`mvn -Pservices`: KRaft brokers in one cluster, on `embedded.kafka.port` and the next ports; "
                        + "topics get min(3, brokers) replicas, from 3 brokers `min.insync.replicas=2`");
        public static final Setting<Integer> OPENSEARCH_NODES = Setting.of("embedded.opensearch.nodes", intRange(1, 9),
                "`mvn -Pservices`: OpenSearch nodes in one cluster, HTTP on `embedded.opensearch.port` and the next "
                        + "ports; more than 1 needs `opensearch.index.replicas` >= 1 (the default) to survive a node");

        static final Group GROUP = new Group("Embedded services",
                "Only when `kafka.brokers` / `opensearch.hosts` are unset.", List.of(DATA_DIR, KAFKA_PORT, OPENSEARCH_PORT,
                KAFKA_BROKERS, OPENSEARCH_NODES));

        private Embedded() {
        }
    }

    public static final class Progress {
        public static final Setting<Boolean> ENABLED = Setting.of("progress.enabled", bool(),
                "a one-line summary (rates and totals) in the log while running");
        public static final Setting<Duration> INTERVAL = Setting.of("progress.interval",
                duration(Duration.ofMillis(100), Duration.ofDays(1)), "how often");

        static final Group GROUP = new Group("Progress", "Route `progress`.", List.of(ENABLED, INTERVAL));

        private Progress() {
        }
    }

    public static final class Http {
        public static final Setting<String> HOST = Setting.of("http.host", text(),
                "address the live page, `/api` and `/observe` listen on; `0.0.0.0` = every interface (no authentication)");
        public static final Setting<Integer> PORT = Setting.of("http.port", intRange(1, 65535),
                "their port; taken = one-line error naming this key");
        public static final Setting<Duration> SAMPLE_INTERVAL = Setting.of("dashboard.sample-interval",
                duration(Duration.ofMillis(100), Duration.ofHours(1)),
                "how often the page's rates and the consumer lag (gauge `clickstream_consumer_lag`) are sampled");

        static final Group GROUP = new Group("Live page, health and metrics",
                "Camel Main's embedded HTTP server: the live page at `/`, `/observe/health`, `/observe/metrics`.",
                List.of(HOST, PORT, SAMPLE_INTERVAL));

        private Http() {
        }
    }

    public static final class Sessions {
        public static final Setting<Boolean> ENABLED = Setting.of("sessions.enabled", bool(),
                "`true` runs the route that derives `<opensearch.index-prefix>-sessions` from the indexed events");
        public static final Setting<Duration> INTERVAL = Setting.of("sessions.interval",
                duration(Duration.ofMillis(100), Duration.ofDays(1)), "time between two passes (the first runs a second "
                        + "after start)");
        public static final Setting<Duration> INACTIVITY = Setting.of("sessions.inactivity",
                duration(Duration.ofSeconds(1), Duration.ofDays(30)), "a session without logout has ended "
                        + "(`end_reason` `inactivity`) once its last event is this old");
        public static final Setting<Duration> LOOKBACK = Setting.of("sessions.lookback",
                duration(Duration.ZERO, Duration.ofDays(30)), "a pass also recomputes the sessions with events this long "
                        + "before the previous pass began: an event searchable later than that does not update its session");
        public static final Setting<Integer> PAGE_SIZE = Setting.of("sessions.page-size", intRange(1, 10_000),
                "sessions per aggregation query and bulk request");
        public static final Setting<Optional<Duration>> RETENTION = Setting.optional("opensearch.retention",
                durationOrForever(Duration.ofHours(1), CENTURY), "daily event indices and session documents are deleted "
                        + "once all they hold is older than this (an ISM policy where the cluster has the plugin); unset = "
                        + "`embedded.opensearch.retention` on the embedded node, kept forever on a cluster");
        public static final Setting<Duration> RETENTION_INTERVAL = Setting.of("opensearch.retention-interval",
                duration(Duration.ofSeconds(1), Duration.ofDays(1)), "time between two runs of the retention route (the "
                        + "first runs a second after start)");
        public static final Setting<Optional<Duration>> EMBEDDED_RETENTION = Setting.of("embedded.opensearch.retention",
                durationOrForever(Duration.ofHours(1), CENTURY), "`opensearch.retention` of the embedded node when that "
                        + "is unset, so a demo's disk does not fill up");

        static final Group GROUP = new Group("Sessions and retention",
                "Routes `sessions` and `retention` (`routes/sessions.camel.yaml`, `routes/retention.camel.yaml`); "
                        + "docs/sessions-and-retention.md.",
                List.of(ENABLED, INTERVAL, INACTIVITY, LOOKBACK, PAGE_SIZE, RETENTION, RETENTION_INTERVAL,
                        EMBEDDED_RETENTION));

        private Sessions() {
        }
    }

    /** Every group, in the order of docs/configuration.md. */
    public static final List<Group> GROUPS = List.of(Kafka.GROUP, Security.GROUP, OpenSearch.GROUP, Generator.GROUP,
            Indexer.GROUP, Retry.GROUP, Replay.GROUP, Reconcile.GROUP, Embedded.GROUP, Progress.GROUP, Http.GROUP,
            Sessions.GROUP);

    /** Every setting. */
    public static final List<Setting<?>> ALL = GROUPS.stream().flatMap(g -> g.settings().stream()).toList();
}
