package dev.labconsole.ui.section;

import atlantafx.base.theme.Styles;
import dev.labconsole.lab.Requirement;
import dev.labconsole.ui.ConfigForm;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.material2.Material2OutlinedAL;
import org.kordamp.ikonli.material2.Material2OutlinedMZ;

/** A section's page, bound to a {@link LabSectionViewModel}; {@code extra} (e.g. the diagram) goes on the right. */
public final class LabSectionView {

    private final ScrollPane root;

    public LabSectionView(LabSectionViewModel model, Node extra) {
        Label title = new Label(model.section().title());
        title.getStyleClass().add(Styles.TITLE_2);
        Label explanation = new Label(model.explanation());
        explanation.setWrapText(true);
        explanation.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);

        GridPane settings = new GridPane();
        settings.setHgap(12);
        settings.setVgap(8);
        int row = 0;
        for (ConfigForm.Field field : model.fields()) {
            TextField input = new TextField();
            input.setId("setting-" + row);
            input.textProperty().bindBidirectional(field.value());
            input.setPromptText(field.hint());
            input.setPrefColumnCount(field.hint().isEmpty() ? 14 : 26);
            settings.addRow(row++, new Label(field.label()), input);
        }

        Button create = new Button("Create", new FontIcon(Material2OutlinedMZ.PLAY_ARROW));
        create.setId("create");
        create.getStyleClass().add(Styles.ACCENT);
        create.disableProperty().bind(model.canCreateProperty().not());
        create.textProperty().bind(model.createLabelProperty());
        create.setOnAction(e -> model.create());
        Label prerequisites = new Label();
        prerequisites.setId("prerequisites");
        prerequisites.setWrapText(true);
        prerequisites.getStyleClass().add(Styles.WARNING);
        prerequisites.textProperty().bind(model.prerequisitesProperty());
        prerequisites.managedProperty().bind(prerequisites.textProperty().isNotEmpty());
        prerequisites.visibleProperty().bind(prerequisites.managedProperty());
        // Asked in the page, not in a dialog: what Create would build besides this section, and its cost.
        Label question = new Label();
        question.setId("confirmQuestion");
        question.setWrapText(true);
        question.textProperty().bind(model.confirmationProperty());
        Button buildAll = new Button("Build them all");
        buildAll.setId("confirmCreate");
        buildAll.getStyleClass().add(Styles.ACCENT);
        buildAll.setOnAction(e -> model.confirmCreate());
        Button notNow = new Button("Not now");
        notNow.setId("cancelCreate");
        notNow.setOnAction(e -> model.cancelCreate());
        VBox confirm = new VBox(8, question, new HBox(10, buildAll, notNow));
        confirm.setId("confirmBox");
        confirm.getStyleClass().add("confirm-box");
        confirm.setStyle("-fx-border-color: -color-warning-emphasis; -fx-border-radius: 4; -fx-padding: 10;");
        confirm.managedProperty().bind(model.confirmationProperty().isNotEmpty());
        confirm.visibleProperty().bind(confirm.managedProperty());
        Button check = new Button("Check", new FontIcon(Material2OutlinedAL.CHECK_CIRCLE));
        check.setId("check");
        check.disableProperty().bind(model.canCheckProperty().not());
        check.setOnAction(e -> model.check());
        Label problem = new Label();
        problem.setId("createProblem");
        problem.setWrapText(true);
        problem.getStyleClass().add(Styles.DANGER);
        problem.textProperty().bind(model.createProblemProperty());
        Label status = new Label();
        status.setId("sectionStatus");
        status.textProperty().bind(model.statusProperty());

        ListView<StepRow> rows = new ListView<>(model.rows());
        rows.setId("stepRows");
        rows.setPrefHeight(model.rows().size() * 36 + 4);
        // Never squeezed away by the requirements beside it: three rows at least, the page scrolls for the rest.
        rows.setMinHeight(Math.min(model.rows().size(), 3) * 36 + 4);
        rows.setCellFactory(list -> new StepRowCell());

        ListView<Requirement> requirements = requirementList(model.requirements(), "requirements",
                "Check lists each of the lab's requirements here, met or not.");
        requirements.setPrefHeight(150);
        requirements.setMinHeight(110);
        VBox.setVgrow(requirements, Priority.ALWAYS);
        ListView<Requirement> advice = requirementList(model.advice(), "advice",
                "Advice beyond the lab shows here after Check; it never fails the check.");
        advice.setPrefHeight(80);

        TextArea cli = new TextArea();
        cli.setId("cli");
        cli.setEditable(false);
        cli.setPrefRowCount(6);
        // A command wraps rather than scrolling sideways; the box takes the height the page leaves.
        cli.setWrapText(true);
        cli.setMinHeight(120);
        VBox.setVgrow(cli, Priority.ALWAYS);
        cli.setStyle("-fx-font-family: monospace;");
        cli.textProperty().bind(model.cliEquivalentProperty());
        Button copy = new Button("Copy", new FontIcon(Material2OutlinedAL.CONTENT_COPY));
        copy.setId("copyCli");
        copy.setOnAction(e -> {
            ClipboardContent content = new ClipboardContent();
            content.putString(cli.getText());
            Clipboard.getSystemClipboard().setContent(content);
        });

        // Settings and buttons first so they are on screen at 1280x720; the explanation follows the progress.
        status.setWrapText(true);
        status.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
        // The buttons keep their whole labels ("Create (adds $0.045/h)"); the status gets a line of its own.
        create.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        check.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        HBox actions = new HBox(10, create, check);
        actions.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
        Label address = new Label();
        address.setId("keyAddress");
        address.setWrapText(true);
        // Its whole height, however many lines the address takes: a squeezed label shows only "...".
        address.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
        address.getStyleClass().add(Styles.TEXT_BOLD);
        address.textProperty().bind(model.keyAddressProperty());
        address.managedProperty().bind(address.textProperty().isNotEmpty());
        address.visibleProperty().bind(address.managedProperty());
        // Selectable: the student copies it into the next step (a task definition, a browser).
        address.setOnMouseClicked(e -> {
            ClipboardContent content = new ClipboardContent();
            content.putString(model.keyAddressProperty().get().replaceFirst("^[^:]+: ", ""));
            Clipboard.getSystemClipboard().setContent(content);
        });
        address.setTooltip(new javafx.scene.control.Tooltip("Click to copy"));
        VBox left = new VBox(12, title, prerequisites, address, settings, actions, status, problem, confirm,
                heading("Progress"), rows, heading("What and why"), explanation);
        left.setPadding(new Insets(20, 10, 20, 20));
        HBox.setHgrow(left, Priority.ALWAYS);
        VBox right = new VBox(12);
        if (extra != null) {
            right.getChildren().add(extra);
        }
        Label requirementsHeading = heading("Requirements");
        right.getChildren().addAll(requirementsHeading, requirements, heading("Advice (never fails the check)"),
                advice,
                new HBox(10, heading("AWS CLI equivalent"), copy), cli);
        right.setPadding(new Insets(20, 20, 20, 10));
        // The right column grows with the window (wide screens get wide requirement rows), never below 400.
        right.setMinWidth(400);
        right.setPrefWidth(440);
        left.setMinWidth(380);
        left.setPrefWidth(520);
        HBox.setHgrow(right, Priority.ALWAYS);
        HBox content = new HBox(left, right);
        root = new ScrollPane(content);
        root.setFitToWidth(true);
        // Taller than the page needs: the lists grow into the free space instead of leaving it empty.
        root.setFitToHeight(true);
        if (extra != null) {
            // Narrow (1280x720): the diagram fills the right column's first screen, so the requirements move
            // under Check, the button that fills them; wide, they sit under the diagram.
            root.widthProperty().addListener((o, was, now) -> placeRequirements(now.doubleValue() < NARROW, left,
                    right, confirm, requirementsHeading, requirements));
        }
    }

    /** Below this page width (the window's minus the sidebar) the requirements go to the left column. */
    static final double NARROW = 1300;

    private static void placeRequirements(boolean narrow, VBox left, VBox right, Node after, Node heading,
            Node list) {
        VBox target = narrow ? left : right;
        if (target.getChildren().contains(list)) {
            return;
        }
        (narrow ? right : left).getChildren().removeAll(heading, list);
        if (narrow) {
            int at = left.getChildren().indexOf(after) + 1;
            left.getChildren().addAll(at, java.util.List.of(heading, list));
        } else {
            // Under the diagram (the right column's first child), as before.
            right.getChildren().addAll(1, java.util.List.of(heading, list));
        }
    }

    /** A list of requirements or advice: met ones green, unmet requirements red, advice not followed amber. */
    private static ListView<Requirement> requirementList(javafx.collections.ObservableList<Requirement> items, String id,
            String placeholder) {
        ListView<Requirement> list = new ListView<>(items);
        list.setId(id);
        list.setPlaceholder(new Label(placeholder));
        list.setCellFactory(view -> new ListCell<>() {
            @Override
            protected void updateItem(Requirement item, boolean empty) {
                super.updateItem(item, empty);
                if (empty || item == null) {
                    setText(null);
                    setGraphic(null);
                    return;
                }
                setText(item.text() + (item.detail() == null || item.detail().isBlank() ? "" : " - " + item.detail()));
                // A long requirement wraps within the list's width instead of scrolling sideways.
                setWrapText(true);
                setPrefWidth(0);
                FontIcon icon = new FontIcon(item.met() ? Material2OutlinedAL.CHECK_CIRCLE
                        : item.isAdvice() ? Material2OutlinedAL.INFO : Material2OutlinedAL.ERROR);
                icon.getStyleClass().add(item.met() ? Styles.SUCCESS : item.isAdvice() ? Styles.WARNING : Styles.DANGER);
                setGraphic(icon);
            }
        });
        return list;
    }

    private static Label heading(String text) {
        Label label = new Label(text);
        label.getStyleClass().add(Styles.TITLE_4);
        return label;
    }

    public Node root() {
        return root;
    }

    private static final class StepRowCell extends ListCell<StepRow> {
        @Override
        protected void updateItem(StepRow item, boolean empty) {
            super.updateItem(item, empty);
            textProperty().unbind();
            if (empty || item == null) {
                setText(null);
                setGraphic(null);
                setId(null);
                return;
            }
            setId("row-" + item.step().name());
            // A failure's reason wraps in the row instead of scrolling the list sideways.
            setWrapText(true);
            setPrefWidth(0);
            textProperty().bind(javafx.beans.binding.Bindings.concat(item.step().title(), ": ", item.detailProperty()));
            FontIcon icon = new FontIcon();
            icon.iconCodeProperty().bind(javafx.beans.binding.Bindings.createObjectBinding(() -> switch (
                    item.statusProperty().get()) {
                case DONE -> Material2OutlinedAL.CHECK_CIRCLE;
                case FAILED -> Material2OutlinedAL.ERROR;
                case CREATING, WAITING -> Material2OutlinedMZ.SYNC;
                default -> Material2OutlinedMZ.RADIO_BUTTON_UNCHECKED;
            }, item.statusProperty()));
            setGraphic(icon);
        }
    }
}
