import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * Lets a plain {@code mvn camel:run} work on a fresh clone.
 *
 * <p>camel-maven-plugin 4.17's {@code run} goal does not compile the project (it has no forked lifecycle), so on a
 * clone with no {@code target/classes} it fails with ClassNotFoundException. The pom's {@code fresh-clone-run} profile
 * (active only while the main class is not compiled) points the goal at the JDK's own source launcher (JEP 330) with
 * this file, which compiles the project with {@code javax.tools} against the classpath the plugin resolved, copies the
 * resources, and then calls the real main class. Once {@code target/classes} exists the profile is inactive and the
 * plugin runs the main class directly. JDK classes only: nothing here may need compiling first.
 *
 * <p>Arguments: {@code --main=CLASS --output=DIR --sources=DIR,DIR --resources=DIR,DIR --release=N --pom=FILE --
 * app-args...}
 */
public class CompileThenRun {

    public static void main(String[] args) throws Throwable {
        Map<String, String> options = new HashMap<>();
        int i = 0;
        for (; i < args.length && !args[i].equals("--"); i++) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("CompileThenRun expects --key=value before --, got '" + args[i]
                        + "' (camel:run options such as -Dcamel.duration need mvn compile camel:run)");
            }
            String[] kv = args[i].substring(2).split("=", 2);
            options.put(kv[0], kv.length > 1 ? kv[1] : "");
        }
        String[] appArgs = i < args.length ? Arrays.copyOfRange(args, i + 1, args.length) : new String[0];
        String mainClass = required(options, "main");
        Path output = Paths.get(required(options, "output")).toAbsolutePath();

        // The classpath camel-maven-plugin resolved (project output + runtime dependencies), see dependencyPaths.
        List<Path> dependencies = dependencyPaths(Thread.currentThread().getContextClassLoader(), output, options);

        Path mainClassFile = output.resolve(mainClass.replace('.', '/') + ".class");
        if (!Files.exists(mainClassFile)) {
            long started = System.nanoTime();
            List<Path> sources = javaFiles(paths(options.get("sources")));
            System.out.printf("[clickstream] target/classes is empty: compiling %d source files (first run of a fresh"
                    + " clone; later runs start directly)%n", sources.size());
            compile(sources, dependencies, output, options.getOrDefault("release", "17"));
            for (Path resources : paths(options.get("resources"))) {
                copyTree(resources, output);
            }
            System.out.printf("[clickstream] compiled in %.1f s%n", (System.nanoTime() - started) / 1e9);
        }

        List<URL> urls = new ArrayList<>();
        urls.add(output.toUri().toURL());
        for (Path dependency : dependencies) {
            urls.add(dependency.toUri().toURL());
        }
        URLClassLoader appLoader = new URLClassLoader(urls.toArray(new URL[0]), ClassLoader.getPlatformClassLoader());
        Thread.currentThread().setContextClassLoader(appLoader);
        Thread.currentThread().setName(mainClass + ".main()"); // as the plugin names it when it starts the class itself
        try {
            appLoader.loadClass(mainClass).getMethod("main", String[].class).invoke(null, (Object) appArgs);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private static String required(Map<String, String> options, String name) {
        String value = options.get(name);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("CompileThenRun needs --" + name + "=... (set by the pom's fresh-clone-run"
                    + " profile)");
        }
        return value;
    }

    /**
     * JDK 17-21: the launcher leaves the plugin's URLClassLoader as the context loader. Its entry for the output folder
     * was made while the folder did not exist, so it lacks the trailing '/' that makes URLClassLoader read it as a
     * folder: the caller builds a loader of its own from these paths. JDK 22+ (JEP 458) replaces the context loader
     * with its own, so there the same classpath comes from {@code mvn dependency:build-classpath}, run by the Maven
     * that is running this ({@code maven.home}).
     */
    private static List<Path> dependencyPaths(ClassLoader loader, Path output, Map<String, String> options)
            throws Exception {
        for (ClassLoader l = loader; l != null; l = l.getParent()) {
            if (l instanceof URLClassLoader) {
                List<Path> paths = new ArrayList<>();
                boolean plugins = false;
                for (URL url : ((URLClassLoader) l).getURLs()) {
                    Path path = Paths.get(url.toURI()).toAbsolutePath();
                    plugins |= path.equals(output);
                    if (!path.equals(output)) {
                        paths.add(path);
                    }
                }
                if (plugins) {
                    return paths;
                }
            }
        }
        return classpathFromMaven(output, options);
    }

    private static List<Path> classpathFromMaven(Path output, Map<String, String> options) throws Exception {
        String mavenHome = System.getProperty("maven.home");
        if (mavenHome == null) {
            throw new IllegalStateException("cannot find the project's classpath (no maven.home); run mvn compile"
                    + " camel:run instead");
        }
        boolean windows = System.getProperty("os.name").toLowerCase().contains("win");
        Path mvn = Paths.get(mavenHome, "bin", windows ? "mvn.cmd" : "mvn");
        Path file = output.getParent().resolve("camel-run.classpath");
        Files.createDirectories(file.getParent());
        List<String> command = new ArrayList<>(List.of(mvn.toString(), "-q", "-f", required(options, "pom"),
                "dependency:build-classpath", "-DincludeScope=runtime", "-Dmdep.outputFile=" + file));
        System.out.println("[clickstream] reading the project's classpath: " + String.join(" ", command));
        Process process = new ProcessBuilder(command).inheritIO().start();
        if (process.waitFor() != 0 || !Files.exists(file)) {
            throw new IllegalStateException("mvn dependency:build-classpath failed (exit " + process.exitValue()
                    + "); run mvn compile camel:run instead");
        }
        return Arrays.stream(Files.readString(file).trim().split(System.getProperty("path.separator")))
                .filter(s -> !s.isBlank())
                .map(s -> Paths.get(s).toAbsolutePath())
                .collect(Collectors.toList());
    }

    private static List<Path> paths(String commaSeparated) {
        if (commaSeparated == null) {
            return List.of();
        }
        return Arrays.stream(commaSeparated.split(","))
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .map(Paths::get)
                .filter(Files::isDirectory)
                .collect(Collectors.toList());
    }

    private static List<Path> javaFiles(List<Path> roots) throws IOException {
        List<Path> files = new ArrayList<>();
        for (Path root : roots) {
            try (Stream<Path> walk = Files.walk(root)) {
                walk.filter(p -> p.toString().endsWith(".java")).forEach(files::add);
            }
        }
        return files;
    }

    private static void compile(List<Path> sources, List<Path> classpath, Path output, String release)
            throws IOException {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        if (javac == null) {
            throw new IllegalStateException("no Java compiler in this runtime (a JRE?): run Maven with a JDK");
        }
        Files.createDirectories(output);
        List<String> arguments = new ArrayList<>(List.of(
                "--release", release,
                "-encoding", "UTF-8",
                "-proc:none",
                "-d", output.toString(),
                "-classpath", classpath.stream().map(Path::toString).collect(Collectors.joining(
                        System.getProperty("path.separator")))));
        sources.forEach(s -> arguments.add(s.toString()));
        int status = javac.run(null, null, null, arguments.toArray(new String[0]));
        if (status != 0) {
            throw new IllegalStateException("compiling the project failed (javac exit " + status + "); the errors are"
                    + " above. mvn compile shows them too.");
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> walk = Files.walk(from)) {
            walk.filter(Files::isRegularFile).forEach(file -> {
                Path target = to.resolve(from.relativize(file).toString());
                try {
                    Files.createDirectories(target.getParent());
                    Files.copy(file, target, StandardCopyOption.REPLACE_EXISTING);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }

    private CompileThenRun() {
    }
}
