package clickstream.indexing;

import clickstream.model.DeadLetterHeaders;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;

import org.apache.camel.Message;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultMessage;
import org.apache.kafka.common.errors.ClusterAuthorizationException;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.NotEnoughReplicasException;
import org.apache.kafka.common.errors.NotLeaderOrFollowerException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.record.AbstractRecords;
import org.apache.kafka.common.record.CompressionType;
import org.apache.kafka.common.record.RecordBatch;
import org.junit.jupiter.api.Test;

import clickstream.indexing.DeadLetterPublisher.Failure;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/** How a dead-letter write failure is classified, and how a record is made to fit the producer's max.request.size. */
class DeadLetterPublisherTest {

    private static final int ONE_MIB = 1024 * 1024;

    private final DefaultCamelContext context = new DefaultCamelContext();
    private final DeadLetterPublisher publisher = new DeadLetterPublisher(context, "mock:dlq", Clock.systemUTC(),
            new IndexerCondition(Clock.systemUTC()));

    @Test
    void onlyWhatPassesIsRetried() {
        assertThat(DeadLetterPublisher.classify(new NotEnoughReplicasException("isr"))).isEqualTo(Failure.RETRIABLE);
        assertThat(DeadLetterPublisher.classify(new NotLeaderOrFollowerException("moved"))).isEqualTo(Failure.RETRIABLE);
        // the broker is away: the producer's metadata wait times out without a topic error
        assertThat(DeadLetterPublisher.classify(new TimeoutException("Topic clickstream.dlq not present in metadata after 60000 ms.")))
                .isEqualTo(Failure.RETRIABLE);
        assertThat(DeadLetterPublisher.classify(new ExecutionException(new java.util.concurrent.TimeoutException())))
                .isEqualTo(Failure.RETRIABLE);
    }

    @Test
    void whatOnlyASettingTheTopicOrAnAclCanFixIsFatal() {
        assertThat(DeadLetterPublisher.classify(new TopicAuthorizationException(Set.of("clickstream.dlq")))).isEqualTo(Failure.FATAL);
        assertThat(DeadLetterPublisher.classify(new ClusterAuthorizationException("no"))).isEqualTo(Failure.FATAL);
        assertThat(DeadLetterPublisher.classify(new SaslAuthenticationException("bad password"))).isEqualTo(Failure.FATAL);
        assertThat(DeadLetterPublisher.classify(new InvalidTopicException("bad name"))).isEqualTo(Failure.FATAL);
        assertThat(DeadLetterPublisher.classify(new SerializationException("not bytes"))).isEqualTo(Failure.FATAL);
        assertThat(DeadLetterPublisher.classify(new IllegalStateException("something else"))).isEqualTo(Failure.FATAL);
        // kafka-clients 3.9 waitOnMetadata: the timeout carries the broker's answer for the topic when it had one
        assertThat(DeadLetterPublisher.classify(new TimeoutException("Topic clickstream.dlq not present in metadata after 60000 ms.",
                new UnknownTopicOrPartitionException("This server does not host this topic-partition."))))
                .isEqualTo(Failure.FATAL);
        // retriable as a Kafka class, but surfacing after the producer's own retries it means the topic is not there
        assertThat(DeadLetterPublisher.classify(new UnknownTopicOrPartitionException("gone"))).isEqualTo(Failure.FATAL);
    }

    @Test
    void aRecordTooLargeIsToBeTruncatedWhereverItIsInTheCauseChain() {
        assertThat(DeadLetterPublisher.classify(new RecordTooLargeException("too big"))).isEqualTo(Failure.TOO_LARGE);
        assertThat(DeadLetterPublisher.classify(new RuntimeException(new RecordTooLargeException("too big"))))
                .isEqualTo(Failure.TOO_LARGE);
    }

    @Test
    void aRecordThatFitsIsWrittenAsItIs() {
        Message message = deadLetter(new byte[ONE_MIB - 2_000], "key", 1);

        assertThat(publisher.fitToSize(message, ONE_MIB)).isSameAs(message);
    }

    @Test
    void aRecordTheHeadersPushOverTheLimitIsTruncated() {
        byte[] value = new byte[ONE_MIB - 300];
        Arrays.fill(value, (byte) 'x');
        Message message = deadLetter(value, "key", 1);

        Message written = publisher.fitToSize(message, ONE_MIB);

        assertTruncated(written, message, value);
    }

    @Test
    void aTruncatedCopyStillOverTheLimitDropsTheSourceHeadersThenCutsAHugeKey() {
        Message headersTooLarge = deadLetter(new byte[ONE_MIB], "key", 1);
        headersTooLarge.setHeader("trace", new byte[ONE_MIB / 2]);
        headersTooLarge.setHeader("baggage", new byte[ONE_MIB / 2]);

        Message written = publisher.fitToSize(headersTooLarge, ONE_MIB);

        // the copy keeps what says why and where the original is, the key and the value's first 64 KiB
        assertThat(DeadLetterPublisher.estimatedSize(written)).isLessThanOrEqualTo(ONE_MIB);
        assertThat(written.getHeaders()).containsEntry(DeadLetterHeaders.VALUE_TRUNCATED, "true")
                .containsEntry(DeadLetterHeaders.HEADERS_DROPPED, "true")
                .containsEntry(DeadLetterHeaders.SOURCE_OFFSET, "123456789012")
                .containsEntry(DeadLetterHeaders.REASON, "too_large")
                .containsEntry(KafkaConstants.KEY, "key")
                .doesNotContainKeys("trace", "baggage", DeadLetterHeaders.KEY_TRUNCATED);

        Message keyTooLarge = deadLetter(new byte[10], "k".repeat(2 * ONE_MIB), 1);
        keyTooLarge.setHeader("trace", "t-1".getBytes(StandardCharsets.UTF_8));
        Message smallest = publisher.fitToSize(keyTooLarge, ONE_MIB);
        assertThat(DeadLetterPublisher.estimatedSize(smallest)).isLessThanOrEqualTo(ONE_MIB);
        assertThat((byte[]) smallest.getHeader(KafkaConstants.KEY))
                .isEqualTo("k".repeat(DeadLetterPublisher.TRUNCATED_VALUE_BYTES).getBytes(StandardCharsets.UTF_8));
        assertThat(smallest.getHeaders()).containsEntry(DeadLetterHeaders.KEY_TRUNCATED, "true")
                .containsEntry(DeadLetterHeaders.KEY_SIZE, Integer.toString(2 * ONE_MIB))
                .containsEntry(DeadLetterHeaders.HEADERS_DROPPED, "true").doesNotContainKey("trace");
        assertThat(publisher.smaller(smallest)).as("nothing left to cut").isNull();
    }

    /** The estimate the size check uses is never below what the Kafka producer checks (3.9, uncompressed). */
    @Property(tries = 300)
    void theSizeEstimateIsAnUpperBoundOfKafkasOwn(@ForAll("deadLetters") Message message) {
        byte[] key = message.getHeader(KafkaConstants.KEY, String.class).getBytes(StandardCharsets.UTF_8);
        List<Header> headers = new ArrayList<>();
        for (Map.Entry<String, Object> header : message.getHeaders().entrySet()) {
            if (!header.getKey().equals(KafkaConstants.KEY)) {
                headers.add(new RecordHeader(header.getKey(), header.getValue().toString().getBytes(StandardCharsets.UTF_8)));
            }
        }
        int kafka = AbstractRecords.estimateSizeInBytesUpperBound(RecordBatch.CURRENT_MAGIC_VALUE, CompressionType.NONE,
                key, (byte[]) message.getBody(), headers.toArray(new Header[0]));

        assertThat(DeadLetterPublisher.estimatedSize(message)).isGreaterThanOrEqualTo(kafka);
    }

    /** Whatever the value's size and the limit: either the record as it is, fitting, or its truncated copy, fitting. */
    @Property(tries = 200)
    void whatIsSentFitsTheLimitAndATruncatedValueIsAPrefixWithTheOriginalsSizeAndHash(
            @ForAll("deadLetters") Message message, @ForAll @IntRange(min = 100_000, max = 2 * ONE_MIB) int maxRequestSize) {
        byte[] value = (byte[]) message.getBody();

        Message written = publisher.fitToSize(message, maxRequestSize);

        assertThat(DeadLetterPublisher.estimatedSize(written)).isLessThanOrEqualTo(maxRequestSize);
        if (written == message) {
            assertThat(written.getHeader(DeadLetterHeaders.VALUE_TRUNCATED)).isNull();
        } else {
            assertThat(DeadLetterPublisher.estimatedSize(message)).isGreaterThan(maxRequestSize);
            assertTruncated(written, message, value);
        }
    }

    @Provide
    Arbitrary<Message> deadLetters() {
        Arbitrary<Integer> sizes = Arbitraries.oneOf(Arbitraries.integers().between(0, 3 * ONE_MIB),
                Arbitraries.integers().between(ONE_MIB - 1_000, ONE_MIB + 100));
        Arbitrary<String> keys = Arbitraries.strings().ofMaxLength(200);
        return Combinators.combine(sizes, Arbitraries.bytes(), keys, Arbitraries.integers().between(0, 2_000))
                .as((size, fill, key, messageLength) -> {
                    byte[] value = new byte[size];
                    Arrays.fill(value, fill);
                    return deadLetter(value, key, messageLength);
                });
    }

    private Message deadLetter(byte[] value, String key, int errorMessageLength) {
        Message message = new DefaultMessage(context);
        message.setBody(value);
        message.setHeader(KafkaConstants.KEY, key);
        message.setHeader(DeadLetterHeaders.REASON, "too_large");
        message.setHeader(DeadLetterHeaders.ERROR_CLASS, InvalidEventException.class.getName());
        message.setHeader(DeadLetterHeaders.ERROR_MESSAGE, "é".repeat(errorMessageLength));
        message.setHeader(DeadLetterHeaders.SOURCE_TOPIC, "clickstream");
        message.setHeader(DeadLetterHeaders.SOURCE_PARTITION, "5");
        message.setHeader(DeadLetterHeaders.SOURCE_OFFSET, "123456789012");
        message.setHeader(DeadLetterHeaders.FAILED_AT, "2026-11-26T05:31:02.123456789Z");
        message.setHeader(DeadLetterHeaders.ATTEMPTS, "0");
        return message;
    }

    private static void assertTruncated(Message written, Message original, byte[] value) {
        assertThat((byte[]) written.getBody())
                .isEqualTo(Arrays.copyOf(value, Math.min(value.length, DeadLetterPublisher.TRUNCATED_VALUE_BYTES)));
        assertThat(written.getHeader(DeadLetterHeaders.VALUE_TRUNCATED)).isEqualTo("true");
        assertThat(written.getHeader(DeadLetterHeaders.VALUE_SIZE)).isEqualTo(Integer.toString(value.length));
        assertThat(written.getHeader(DeadLetterHeaders.VALUE_SHA256)).isEqualTo(DeadLetterPublisher.sha256(value));
        // everything else is kept: why it was refused, where it came from, its key
        original.getHeaders().forEach((name, headerValue) -> assertThat(written.getHeader(name)).as(name).isEqualTo(headerValue));
    }
}
