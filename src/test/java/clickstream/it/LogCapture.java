package clickstream.it;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.Appender;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.Configurator;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.Property;

/**
 * Records everything Camel, Kafka and the app log at INFO and above (what {@code mvn camel:run} shows, plus Kafka's
 * client configuration dumps), messages and exception texts alike, while the console keeps showing warnings only.
 */
public final class LogCapture implements AutoCloseable {

    private static final String[] LOGGERS = {"org.apache.camel", "org.apache.kafka", "clickstream"};

    private final Queue<String> lines = new ConcurrentLinkedQueue<>();
    private final Map<String, Level> previousLevels = new LinkedHashMap<>();
    private final Map<String, Appender> consoleAppenders = new LinkedHashMap<>();
    private final Appender appender;

    private LogCapture() {
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        Configuration config = context.getConfiguration();
        appender = new AbstractAppender("capture-" + System.nanoTime(), null, null, true, Property.EMPTY_ARRAY) {
            @Override
            public void append(LogEvent event) {
                StringBuilder line = new StringBuilder(event.getLevel() + " " + event.getLoggerName() + " - "
                        + event.getMessage().getFormattedMessage());
                for (Throwable t = event.getThrown(); t != null; t = t.getCause()) {
                    line.append(" | ").append(t);
                }
                lines.add(line.toString());
            }
        };
        appender.start();
        config.addAppender(appender);
        LoggerConfig root = config.getRootLogger();
        // the console keeps its usual level; only the capture sees INFO
        root.getAppenders().forEach((name, existing) -> {
            consoleAppenders.put(name, existing);
            root.removeAppender(name);
            root.addAppender(existing, Level.WARN, null);
        });
        root.addAppender(appender, Level.ALL, null);
        for (String logger : LOGGERS) {
            previousLevels.put(logger, config.getLoggerConfig(logger).getLevel());
        }
        context.updateLoggers();
        for (String logger : LOGGERS) {
            Configurator.setLevel(logger, Level.INFO);
        }
    }

    public static LogCapture start() {
        return new LogCapture();
    }

    /** Everything captured so far, one event per line. */
    public String text() {
        return String.join("\n", lines);
    }

    @Override
    public void close() {
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        Configuration config = context.getConfiguration();
        previousLevels.forEach(Configurator::setLevel);
        LoggerConfig root = config.getRootLogger();
        root.removeAppender(appender.getName());
        consoleAppenders.forEach((name, existing) -> {
            root.removeAppender(name);
            root.addAppender(existing, null, null);
        });
        context.updateLoggers();
        appender.stop();
    }
}
