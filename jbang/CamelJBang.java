///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 17+
//DEPS org.apache.camel:camel-bom:4.17.0@pom
//DEPS org.apache.camel:camel-jbang-core
//DESCRIPTION Camel JBang (the camel CLI) pinned to Camel 4.17.0, the version of this project

// The same launcher as Apache Camel's own (camel@apache/camel), pinned to this project's Camel version and reachable
// without GitHub. Runs under JBang (jbang camel@jbang ..., via jbang-catalog.json) and without it (jbang/camel ...:
// java -cp <camel-jbang-core and its dependencies> jbang/CamelJBang.java ...).
class CamelJBang {

    public static void main(String... args) {
        org.apache.camel.dsl.jbang.core.commands.CamelJBangMain.run(args);
    }
}
