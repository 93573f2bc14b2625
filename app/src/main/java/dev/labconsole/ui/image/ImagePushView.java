package dev.labconsole.ui.image;

import atlantafx.base.theme.Styles;
import javafx.beans.binding.Bindings;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.ProgressBar;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.material2.Material2OutlinedAL;

/** The Registry page's image panel, bound to an {@link ImagePushViewModel}. */
public final class ImagePushView {

    private final VBox root;

    public ImagePushView(ImagePushViewModel model) {
        Label heading = new Label("The service's image");
        heading.getStyleClass().add(Styles.TITLE_4);
        Label repository = new Label();
        repository.setId("repositoryAddress");
        repository.setWrapText(true);
        repository.setMinHeight(Region.USE_PREF_SIZE);
        repository.textProperty().bind(Bindings.concat("Repository: ", model.repositoryProperty()));
        Label image = new Label();
        image.setId("imageReference");
        image.setWrapText(true);
        image.setMinHeight(Region.USE_PREF_SIZE);
        image.textProperty().bind(Bindings.concat("Image: ", model.imageProperty()));

        Button push = new Button();
        push.setId("pushImage");
        push.setGraphic(new FontIcon(Material2OutlinedAL.CLOUD_UPLOAD));
        push.textProperty().bind(model.actionTextProperty());
        push.disableProperty().bind(model.canPushProperty().not());
        push.setOnAction(e -> model.push());
        Button stop = new Button("Stop");
        stop.setId("stopPush");
        stop.setGraphic(new FontIcon(Material2OutlinedAL.CLOSE));
        stop.visibleProperty().bind(model.busyProperty());
        stop.managedProperty().bind(stop.visibleProperty());
        stop.disableProperty().bind(model.stoppingProperty());
        stop.setOnAction(e -> model.stop());
        HBox actions = new HBox(8, push, stop);
        actions.setAlignment(Pos.CENTER_LEFT);

        ListView<LayerRow> layers = new ListView<>(model.layers());
        layers.setId("imageLayers");
        layers.setFixedCellSize(40);
        layers.setPrefHeight(4 * 40 + 4);
        layers.setPlaceholder(new Label("Each layer's progress shows here while the image is sent."));
        layers.setCellFactory(list -> new LayerCell());

        Label status = new Label();
        status.setId("imageStatus");
        status.setWrapText(true);
        status.setMinHeight(Region.USE_PREF_SIZE);
        status.textProperty().bind(model.statusProperty());

        root = new VBox(8, heading, repository, image, actions, layers, status);
    }

    public Node root() {
        return root;
    }

    private static final class LayerCell extends ListCell<LayerRow> {
        @Override
        protected void updateItem(LayerRow item, boolean empty) {
            super.updateItem(item, empty);
            if (empty || item == null) {
                setGraphic(null);
                setText(null);
                return;
            }
            Label name = new Label(item.layer());
            name.setMinWidth(150);
            ProgressBar bar = new ProgressBar();
            bar.progressProperty().bind(item.fractionProperty());
            bar.setMaxWidth(Double.MAX_VALUE);
            HBox.setHgrow(bar, Priority.ALWAYS);
            Label detail = new Label();
            detail.textProperty().bind(item.detailProperty());
            detail.setMinWidth(110);
            HBox line = new HBox(8, name, bar, detail);
            line.setAlignment(Pos.CENTER_LEFT);
            setGraphic(line);
            setText(null);
        }
    }
}
