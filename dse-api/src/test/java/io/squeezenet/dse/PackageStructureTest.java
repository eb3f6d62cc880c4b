package io.squeezenet.dse;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The shape of the code, checked on the compiled classes of every module: no package cycle, one module a package. */
class PackageStructureTest {

    static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.squeezenet.dse");

    static final Set<String> MODULES = Set.of("dse-model", "db", "dse-worker", "dse-api");

    @Test
    void noPackageDependsOnItselfThroughOthers() {
        assertThat(MAIN.size()).as("the classes of all four modules").isGreaterThan(200);
        slices().matching("io.squeezenet.dse.(**)").should().beFreeOfCycles().check(MAIN);
    }

    @Test
    void everyPackageBelongsToOneModule() {
        Map<String, Set<String>> modules = new TreeMap<>();
        for (JavaClass c : MAIN) {
            // <module>/target/classes/... or .../<module>-<version>.jar!/...
            String uri = c.getSource().orElseThrow().getUri().toString();
            String location = uri.contains(".jar!") ? uri.substring(0, uri.indexOf(".jar!")) : uri.substring(0, uri.indexOf("/target/"));
            String module = location.substring(location.lastIndexOf('/') + 1).replaceFirst("-\\d.*$", "");
            assertThat(MODULES).as(uri).contains(module);
            modules.computeIfAbsent(c.getPackageName(), p -> new TreeSet<>()).add(module);
        }
        assertThat(modules).as("packages by module").allSatisfy((p, m) -> assertThat(m).as(p).hasSize(1));
    }
}
