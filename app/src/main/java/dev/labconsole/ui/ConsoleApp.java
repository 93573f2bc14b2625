package dev.labconsole.ui;

import atlantafx.base.theme.PrimerLight;
import atlantafx.base.theme.Styles;
import dev.labconsole.ui.predict.ConsoleLoaders;
import dev.labconsole.ui.predict.PredictView;
import dev.labconsole.ui.predict.PredictViewModel;
import javafx.application.Application;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.stage.Stage;

/** The console window. */
public final class ConsoleApp extends Application {

    private FxBackgroundRunner runner;
    private PredictViewModel predict;

    /** Opens the window and returns when it is closed. */
    public static void launchWindow(String[] args) {
        Application.launch(ConsoleApp.class, args);
    }

    @Override
    public void start(Stage stage) {
        runner = new FxBackgroundRunner();
        predict = new PredictViewModel(runner, ConsoleLoaders.standard());
        stage.setScene(createScene(predict));
        stage.setTitle("Lab Console");
        stage.setMinWidth(960);
        stage.setMinHeight(600);
        stage.show();
        // Typing a review is the first thing to do on this page, not changing the model.
        stage.getScene().lookup("#text").requestFocus();
        // The bundled model is the default and is ready without a click; loading runs in the background.
        predict.loadModel();
    }

    /** The window's content, for the application and for tests. */
    public static Scene createScene(PredictViewModel predict) {
        Application.setUserAgentStylesheet(new PrimerLight().getUserAgentStylesheet());
        Label title = new Label("Lab Console");
        title.getStyleClass().add(Styles.TITLE_3);
        Label subtitle = new Label("AWS MLOps lab");
        subtitle.getStyleClass().add(Styles.TEXT_MUTED);
        HBox header = new HBox(12, title, subtitle);
        header.setAlignment(Pos.BASELINE_LEFT);
        header.setPadding(new Insets(10, 20, 10, 20));
        header.getStyleClass().add("header");
        BorderPane root = new BorderPane(new PredictView(predict).root());
        root.setTop(header);
        return new Scene(root, 1280, 760);
    }

    @Override
    public void stop() {
        if (predict != null) {
            predict.close();
        }
        if (runner != null) {
            runner.close();
        }
    }
}
