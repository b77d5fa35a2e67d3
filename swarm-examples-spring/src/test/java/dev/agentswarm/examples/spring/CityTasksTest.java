package dev.agentswarm.examples.spring;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class CityTasksTest {

    @Test
    void theCitiesAreTheListAfterTheLastColon() {
        assertThat(CityTasks.cities("Note: find these: Lyon; Porto, Turin.\nGhent"))
                .containsExactly("Lyon", "Porto", "Turin", "Ghent");
    }

    @Test
    void eachCityOnceWithoutFullStopsOrBlanks() {
        assertThat(CityTasks.cities("cities: Lyon;; Lyon ; Graz.. ;")).containsExactly("Lyon", "Graz");
    }

    @Test
    void aTaskWithoutAListGetsTheDefaultCities() {
        List<String> defaults = CityTasks.cities(CityTasks.DEFAULT_TASK);
        assertThat(defaults).hasSize(12).startsWith("Lyon", "Porto").endsWith("Aarhus");
        assertThat(CityTasks.cities("look some cities up")).isEqualTo(defaults);
        assertThat(CityTasks.cities("cities: ; . ,")).isEqualTo(defaults);
    }

    @Test
    void atMostFortyCities() {
        String many = IntStream.range(0, 50).mapToObj(i -> "City" + i).collect(Collectors.joining("; "));
        assertThat(CityTasks.cities("cities: " + many))
                .hasSize(CityTasks.MAX_CITIES)
                .endsWith("City39");
    }
}
