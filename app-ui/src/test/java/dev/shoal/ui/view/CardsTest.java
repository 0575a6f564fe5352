package dev.shoal.ui.view;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shoal.ui.service.ShoalService;
import java.util.List;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.scene.Node;
import javafx.scene.layout.Pane;
import javafx.scene.layout.VBox;
import org.junit.jupiter.api.Test;

class CardsTest {
    @Test
    void aCardWhoseItemIsUnchangedIsKeptWhenAnotherChanges() {
        ObservableList<String> items = FXCollections.observableArrayList("alpha", "beta");
        VBox box = Cards.of(items, item -> new Pane());
        Node alphaCard = box.getChildren().get(0);
        Node betaCard = box.getChildren().get(1);

        items.setAll("alpha", "beta from elsewhere");

        assertThat(box.getChildren()).hasSize(2);
        assertThat(box.getChildren().get(0)).isSameAs(alphaCard); // the button under the pointer stays
        assertThat(box.getChildren().get(1)).isNotSameAs(betaCard);

        items.setAll(List.of("beta from elsewhere"));
        assertThat(box.getChildren()).hasSize(1).doesNotContain(alphaCard);
    }

    @Test
    void aRequestShowsTheHostNotTheConnectionsPort() {
        assertThat(ShoalService.hostOf("198.51.100.2:50743")).isEqualTo("198.51.100.2");
        assertThat(ShoalService.hostOf("fe80::1:22000")).isEqualTo("fe80::1");
        assertThat(ShoalService.hostOf(null)).isNull();
    }
}
