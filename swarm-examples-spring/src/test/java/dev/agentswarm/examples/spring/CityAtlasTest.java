package dev.agentswarm.examples.spring;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CityAtlasTest {

    private final CityAtlas atlas = new CityAtlas();

    @Test
    void aKnownCityInAnyCase() {
        assertThat(atlas.city("  tArTu "))
                .isEqualTo("Tartu - country: Estonia; population: 97,000 (sample data, rounded)");
    }

    @Test
    void everyDefaultCityIsInTheAtlas() {
        for (String city : CityTasks.cities(CityTasks.DEFAULT_TASK)) {
            assertThat(atlas.city(city)).startsWith(city + " - country: ");
        }
    }

    @Test
    void anUnknownCityIsSaidToBeMissing() {
        assertThat(atlas.city(" Atlantis ")).isEqualTo("The atlas has no city named 'Atlantis'.");
    }
}
