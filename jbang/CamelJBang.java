///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 17+
//DEPS org.apache.camel:camel-bom:4.17.0@pom
//DEPS org.apache.camel:camel-jbang-core
//DESCRIPTION Camel JBang (the camel CLI) pinned to Camel 4.17.0, the version of this project

// The same launcher as Apache Camel's own (camel@apache/camel), pinned to this project's Camel version and reachable
// without GitHub: the `camel` alias of the project's jbang-catalog.json (jbang camel run routes), which adds the app's
// jar from ~/.m2 (mvn -DskipTests install) to it.
class CamelJBang {

    public static void main(String... args) {
        org.apache.camel.dsl.jbang.core.commands.CamelJBangMain.run(args);
    }
}
