package dev.labconsole.ui.diagram;

import dev.labconsole.ui.diagram.DiagramModel.Element;
import dev.labconsole.ui.diagram.DiagramModel.Look;
import java.util.EnumMap;
import java.util.Map;
import javafx.beans.value.ObservableValue;
import javafx.scene.Group;
import javafx.scene.Node;
import javafx.scene.layout.Pane;
import javafx.scene.paint.Color;
import javafx.scene.shape.Line;
import javafx.scene.shape.Rectangle;
import javafx.scene.text.Text;

/**
 * The lab's network drawn from a {@link DiagramModel}: the VPC box, two availability-zone columns
 * with a public and a private subnet each, the internet gateway, the NAT gateway, the load balancer
 * and the tasks. Existing parts are solid, coming ones dashed, failed ones red.
 */
public final class NetworkDiagram extends Pane {

    static final double WIDTH = 420;
    static final double HEIGHT = 440;
    private static final Color EXISTS = Color.web("#0969da");
    private static final Color PENDING = Color.web("#8c959f");
    private static final Color FAILED = Color.web("#cf222e");

    private final Map<Element, Rectangle> shapes = new EnumMap<>(Element.class);

    /** A diagram that follows {@code model}. */
    public NetworkDiagram(ObservableValue<DiagramModel> model) {
        setId("networkDiagram");
        setPrefSize(WIDTH, HEIGHT);
        setMinSize(WIDTH, HEIGHT);
        setMaxSize(WIDTH, HEIGHT);
        getStyleClass().add("network-diagram");
        Group group = new Group();
        box(group, Element.INTERNET_GATEWAY, 140, 4, 140, 30);
        box(group, Element.VPC, 10, 50, 400, 380);
        label(group, "availability zone 1", 30, 84);
        label(group, "availability zone 2", 230, 84);
        box(group, Element.PUBLIC_SUBNET_1, 25, 95, 175, 110);
        box(group, Element.PUBLIC_SUBNET_2, 220, 95, 175, 110);
        box(group, Element.PRIVATE_SUBNET_1, 25, 250, 175, 160);
        box(group, Element.PRIVATE_SUBNET_2, 220, 250, 175, 160);
        box(group, Element.NAT_GATEWAY, 40, 160, 110, 30);
        box(group, Element.LOAD_BALANCER, 120, 212, 180, 30);
        box(group, Element.TASKS, 60, 330, 300, 40);
        Line toIgw = new Line(210, 34, 210, 50);
        toIgw.setStroke(PENDING);
        group.getChildren().add(toIgw);
        getChildren().add(group);
        draw(model.getValue());
        model.addListener((o, was, now) -> draw(now));
    }

    private void box(Group group, Element element, double x, double y, double w, double h) {
        Rectangle r = new Rectangle(x, y, w, h);
        r.setId("diagram-" + element.name());
        r.setArcWidth(8);
        r.setArcHeight(8);
        r.setFill(Color.TRANSPARENT);
        r.setStrokeWidth(2);
        Text text = new Text(x + 8, y + 18, element.label());
        text.getStyleClass().add("diagram-label");
        // The theme's foreground colour, so the labels read in light and dark alike.
        text.setStyle("-fx-fill: -color-fg-default;");
        if (element == Element.VPC) {
            text.setText("VPC 10.0.0.0/16");
        }
        group.getChildren().addAll(r, text);
        shapes.put(element, r);
    }

    private static void label(Group group, String text, double x, double y) {
        Text t = new Text(x, y, text);
        t.setFill(PENDING);
        group.getChildren().add(t);
    }

    private void draw(DiagramModel model) {
        DiagramModel shown = model == null ? DiagramModel.empty() : model;
        shapes.forEach((element, shape) -> {
            Look look = shown.look(element);
            shape.getStrokeDashArray().setAll(look == Look.PENDING ? java.util.List.of(8.0, 6.0) : java.util.List.of());
            shape.setStroke(switch (look) {
                case EXISTS -> EXISTS;
                case FAILED -> FAILED;
                case PENDING -> PENDING;
            });
            shape.setFill(look == Look.FAILED ? FAILED.deriveColor(0, 1, 1, 0.08)
                    : look == Look.EXISTS ? EXISTS.deriveColor(0, 1, 1, 0.06) : Color.TRANSPARENT);
            shape.getProperties().put("look", look);
        });
    }

    /** The shape drawn for {@code element} (for tests). */
    public Node shape(Element element) {
        return shapes.get(element);
    }
}
