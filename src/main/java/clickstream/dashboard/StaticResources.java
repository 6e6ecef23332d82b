package clickstream.dashboard;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The page's files, read from the classpath once: {@code web/index.html}, {@code web/dashboard.js},
 * {@code web/dashboard.css} and ECharts
 * from its webjar (so the page needs no network). Only these named resources are served, never a path taken from
 * the request.
 */
public final class StaticResources {

    private static final String ECHARTS_POM = "META-INF/maven/org.webjars.npm/echarts/pom.properties";

    private final ClassLoader loader;
    private final String echartsPath;
    private final Map<String, byte[]> cache = new ConcurrentHashMap<>();

    public StaticResources(ClassLoader loader) {
        this.loader = loader;
        this.echartsPath = "META-INF/resources/webjars/echarts/" + echartsVersion(loader) + "/dist/echarts.min.js";
        // read now: a missing file is a build problem, better found at start-up than by the first visitor
        load("web/index.html");
        load("web/dashboard.js");
        load("web/dashboard.css");
        echarts();
    }

    public byte[] load(String path) {
        return cache.computeIfAbsent(path, this::read);
    }

    public byte[] echarts() {
        return load(echartsPath);
    }

    private byte[] read(String path) {
        try (InputStream in = loader.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("classpath resource " + path + " is missing from the build");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String echartsVersion(ClassLoader loader) {
        try (InputStream in = loader.getResourceAsStream(ECHARTS_POM)) {
            if (in == null) {
                throw new IllegalStateException("the org.webjars.npm:echarts jar is not on the classpath");
            }
            Properties pom = new Properties();
            pom.load(in);
            return pom.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
