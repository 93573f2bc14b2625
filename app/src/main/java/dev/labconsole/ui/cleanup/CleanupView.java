package dev.labconsole.ui.cleanup;

import atlantafx.base.theme.Styles;
import dev.labconsole.lab.LabResource;
import java.awt.image.BufferedImage;
import java.io.File;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import javafx.beans.binding.Bindings;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.TextField;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import javafx.stage.DirectoryChooser;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.material2.Material2OutlinedAL;
import org.kordamp.ikonli.material2.Material2OutlinedMZ;

/** The Clean up page's controls, bound to a {@link CleanupViewModel}. */
public final class CleanupView {

    private final VBox root;

    /** The page without page pictures in its report. */
    public CleanupView(CleanupViewModel model) {
        this(model, Map::of);
    }

    /** The page; {@code pagePictures} takes a picture of every page (on the UI thread) for the report. */
    public CleanupView(CleanupViewModel model, Supplier<Map<String, BufferedImage>> pagePictures) {
        Label title = new Label("Clean up");
        title.getStyleClass().add(Styles.TITLE_2);
        Label intro = new Label("Deletes everything the lab created, in reverse order, then scans for leftovers. The"
                + " NAT gateway, its Elastic IP and the load balancer bill by the hour: clean up when you are done.");
        intro.setWrapText(true);
        // Wrapped to the page's width rather than cut short with an ellipsis.
        intro.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
        ListView<LabResource> resources = new ListView<>(model.resources());
        resources.setId("inventory");
        resources.setPrefHeight(220);
        resources.setPlaceholder(new Label("Nothing of the lab exists (or Refresh has not run yet)."));
        resources.setCellFactory(list -> new ListCell<>() {
            @Override
            protected void updateItem(LabResource r, boolean empty) {
                super.updateItem(r, empty);
                setText(empty || r == null ? null : r.kind() + "  " + r.name() + "  " + r.id() + "  (" + r.state()
                        + ")" + (r.hourlyUsd() > 0 ? String.format(Locale.ROOT, "  $%.3f/h, $%.2f so far",
                                r.hourlyUsd(), model.soFarUsd(r)) : ""));
            }
        });
        Label total = new Label();
        total.setId("inventoryTotal");
        total.textProperty().bind(model.totalProperty());
        Button refresh = new Button("Refresh", new FontIcon(Material2OutlinedMZ.SYNC));
        refresh.setId("refreshInventory");
        refresh.setOnAction(e -> model.refresh());

        TextField confirm = new TextField();
        confirm.setId("confirmLab");
        confirm.setPrefColumnCount(26);
        confirm.promptTextProperty().bind(Bindings.concat("type ", model.labProperty(), " to confirm"));
        confirm.textProperty().bindBidirectional(model.confirmationProperty());
        Button destroy = new Button("Destroy", new FontIcon(Material2OutlinedAL.DELETE_SWEEP));
        destroy.setId("destroy");
        destroy.getStyleClass().add(Styles.DANGER);
        destroy.disableProperty().bind(model.canDestroyProperty().not());
        destroy.setOnAction(e -> model.destroy());
        ProgressIndicator spinner = new ProgressIndicator();
        spinner.setPrefSize(22, 22);
        spinner.visibleProperty().bind(model.busyProperty());
        Label status = new Label();
        status.setId("cleanupStatus");
        status.getStyleClass().add(Styles.TITLE_4);
        status.setWrapText(true);
        status.textProperty().bind(model.statusProperty());
        ListView<String> progress = new ListView<>(model.progress());
        progress.setId("cleanupProgress");
        progress.setPrefHeight(160);

        Button export = new Button("Export report", new FontIcon(Material2OutlinedAL.DESCRIPTION));
        export.setId("exportReport");
        export.disableProperty().bind(model.exportingProperty());
        export.setOnAction(e -> {
            DirectoryChooser chooser = new DirectoryChooser();
            chooser.setTitle("Folder for report.html, report.md and the screenshots");
            File folder = chooser.showDialog(export.getScene() == null ? null : export.getScene().getWindow());
            if (folder != null) {
                model.exportReport(folder.toPath(), pagePictures.get());
            }
        });
        Label reportStatus = new Label();
        reportStatus.setId("reportStatus");
        reportStatus.setWrapText(true);
        reportStatus.textProperty().bind(model.reportStatusProperty());
        Label reportHint = new Label("Export before you destroy: the report lists the ids the lab recorded,"
                + " and Destroy forgets them.");
        reportHint.getStyleClass().add(Styles.TEXT_MUTED);
        reportHint.setWrapText(true);
        HBox report = new HBox(10, export, reportStatus);
        report.setAlignment(javafx.geometry.Pos.CENTER_LEFT);

        HBox totals = new HBox(10, total, refresh);
        totals.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
        Label adopted = new Label();
        adopted.setId("adoptedNote");
        adopted.setWrapText(true);
        adopted.textProperty().bind(model.adoptedProperty());
        TextField confirmAdopted = new TextField();
        confirmAdopted.setId("confirmAdopted");
        confirmAdopted.setPromptText(CleanupViewModel.ADOPTED_CONFIRMATION);
        confirmAdopted.textProperty().bindBidirectional(model.adoptedConfirmationProperty());
        HBox adoptedRow = new HBox(10, new Label("Also delete what you built"), confirmAdopted);
        adoptedRow.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
        adoptedRow.visibleProperty().bind(model.adoptedProperty().isNotEmpty());
        adoptedRow.managedProperty().bind(adoptedRow.visibleProperty());
        adopted.managedProperty().bind(adoptedRow.visibleProperty());
        HBox confirmation = new HBox(10, new Label("Lab name"), confirm, destroy, spinner);
        confirmation.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
        root = new VBox(12, title, intro, totals, resources, report, reportHint, adopted, adoptedRow, confirmation, status,
                progress);
        root.setPadding(new Insets(20));
    }

    public Node root() {
        return root;
    }
}
