package dev.labconsole.ui.account;

import dev.labconsole.lab.account.AccountCheck;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TextField;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;

/** The Account page: section 1's checks, each with its fix, and the budget. */
public final class AccountView {

    private final ScrollPane root;

    public AccountView(AccountViewModel model) {
        Label title = new Label("Account");
        title.getStyleClass().add("title-2");
        Label intro = new Label("The lab's section 1, on a personal AWS account: protect the root user, work as an IAM"
                + " user, and set a budget so a forgotten NAT gateway cannot surprise you. On AWS Academy these are"
                + " managed for you.");
        intro.setWrapText(true);
        Button check = new Button("Check the account");
        check.setId("checkAccount");
        check.setOnAction(e -> model.check());
        check.disableProperty().bind(model.busyProperty());
        Label status = new Label();
        status.setId("accountStatus");
        status.setWrapText(true);
        status.textProperty().bind(model.statusProperty());
        ListView<AccountCheck> checks = new ListView<>(model.checks());
        checks.setId("accountChecks");
        checks.setPrefHeight(260);
        Label empty = new Label("Connect first (page 1), then Check the account: each check is looked up then.");
        empty.setWrapText(true);
        checks.setPlaceholder(empty);
        checks.setCellFactory(list -> new ListCell<>() {
            @Override
            protected void updateItem(AccountCheck c, boolean empty) {
                super.updateItem(c, empty);
                if (empty || c == null) {
                    setText(null);
                    return;
                }
                String mark = switch (c.status()) {
                    case MET -> "✓";
                    case NOT_MET -> "✗";
                    case SKIPPED -> "–";
                    case UNKNOWN -> "?";
                };
                setText(mark + "  " + c.what() + " — " + c.detail() + (c.fix().isEmpty() ? "" : "\n    Fix: " + c.fix()));
                setWrapText(true);
                setPrefWidth(0);
            }
        });
        Label budgetTitle = new Label("Monthly cost budget");
        budgetTitle.getStyleClass().add("title-4");
        TextField limit = new TextField();
        limit.setId("budgetLimit");
        limit.setPrefColumnCount(5);
        limit.textProperty().bindBidirectional(model.limitProperty());
        TextField email = new TextField();
        email.setId("budgetEmail");
        email.setPromptText("you@example.com");
        email.setPrefColumnCount(22);
        email.textProperty().bindBidirectional(model.emailProperty());
        Button create = new Button("Create budget");
        create.setId("createBudget");
        create.setOnAction(e -> model.createBudget());
        create.disableProperty().bind(model.busyProperty().or(model.academyProperty()));
        HBox budgetRow = new HBox(8, new Label("$"), limit, new Label("a month, alerts to"), email, create);
        budgetRow.setAlignment(Pos.CENTER_LEFT);
        Label budget = new Label();
        budget.setId("budgetStatus");
        budget.setWrapText(true);
        budget.textProperty().bind(model.budgetProperty());
        VBox content = new VBox(10, title, intro, check, status, checks, budgetTitle, budgetRow, budget);
        content.setPadding(new Insets(20));
        root = new ScrollPane(content);
        root.setFitToWidth(true);
    }

    public Parent root() {
        return root;
    }
}
