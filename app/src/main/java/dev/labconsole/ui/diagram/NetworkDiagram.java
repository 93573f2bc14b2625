package dev.labconsole.ui.diagram;

import dev.labconsole.ui.diagram.DiagramModel.Element;
import dev.labconsole.ui.diagram.DiagramModel.Look;
import java.util.EnumMap;
import java.util.Map;
import javafx.beans.value.ObservableValue;
import dev.labconsole.lab.StepId;
import java.util.function.Consumer;
import javafx.scene.Cursor;
import javafx.scene.Group;
import javafx.scene.control.Tooltip;
import javafx.scene.Node;
import javafx.scene.layout.Pane;
import javafx.scene.paint.Color;
import javafx.scene.shape.Line;
import javafx.scene.shape.Polygon;
import javafx.scene.shape.Rectangle;
import javafx.scene.text.Text;

/**
 * The lab's network drawn from a {@link DiagramModel}: the VPC box, two availability-zone columns
 * with a public and a private subnet each, the internet gateway, the NAT gateway, the load balancer
 * and the tasks. Existing parts are solid, coming ones dashed, failed ones red.
 */
public final class NetworkDiagram extends Pane {

    static final double WIDTH = 420;
    static final double HEIGHT = 530;
    private static final Color EXISTS = Color.web("#0969da");
    private static final Color PENDING = Color.web("#8c959f");
    private static final Color FAILED = Color.web("#cf222e");

    private final Map<Element, Rectangle> shapes = new EnumMap<>(Element.class);
    private final Map<Element, Text> texts = new EnumMap<>(Element.class);
    private final Map<Element, Tooltip> tips = new EnumMap<>(Element.class);

    /** A diagram that follows {@code model}. */
    public NetworkDiagram(ObservableValue<DiagramModel> model) {
        this(model, step -> { });
    }

    /**
     * A diagram that follows {@code model}; a click on a shape calls {@code open} with the step that builds it
     * (the window opens that step's page).
     */
    public NetworkDiagram(ObservableValue<DiagramModel> model, Consumer<StepId> open) {
        setId("networkDiagram");
        setPrefSize(WIDTH, HEIGHT);
        setMinSize(WIDTH, HEIGHT);
        setMaxSize(WIDTH, HEIGHT);
        getStyleClass().add("network-diagram");
        Group group = new Group();
        box(group, Element.INTERNET_GATEWAY, 140, 4, 140, 30, open);
        box(group, Element.VPC, 10, 50, 400, 470, open);
        // Routes: the internet gateway feeds the public route table, which the public subnets use.
        box(group, Element.PUBLIC_ROUTE_TABLE, 25, 84, 370, 26, open);
        arrow(group, 210, 34, 210, 84);
        label(group, "availability zone 1", 26, 128);
        label(group, "availability zone 2", 223, 128);
        // Wide enough for "private 172.31.128.0/20" on one line.
        box(group, Element.PUBLIC_SUBNET_1, 20, 134, 183, 112, open);
        box(group, Element.PUBLIC_SUBNET_2, 217, 134, 183, 112, open);
        arrow(group, 110, 110, 110, 134);
        arrow(group, 307, 110, 307, 134);
        // Below a subnet label's two lines (its block and zone).
        box(group, Element.LOAD_BALANCER, 120, 174, 180, 28, open);
        box(group, Element.NAT_GATEWAY, 26, 210, 172, 28, open);
        // The NAT gateway feeds the private route table, which the private subnets use.
        box(group, Element.PRIVATE_ROUTE_TABLE, 25, 262, 370, 26, open);
        arrow(group, 95, 238, 95, 262);
        box(group, Element.PRIVATE_SUBNET_1, 20, 304, 183, 120, open);
        box(group, Element.PRIVATE_SUBNET_2, 217, 304, 183, 120, open);
        arrow(group, 110, 288, 110, 304);
        arrow(group, 307, 288, 307, 304);
        // Two lines: the port, or the autoscaling's range and what it tracks.
        box(group, Element.TASKS, 60, 352, 300, 52, open);
        box(group, Element.ALB_SECURITY_GROUP, 20, 436, 183, 74, open);
        box(group, Element.TASK_SECURITY_GROUP, 217, 436, 183, 74, open);
        getChildren().add(group);
        draw(model.getValue());
        model.addListener((o, was, now) -> draw(now));
    }

    private void box(Group group, Element element, double x, double y, double w, double h, Consumer<StepId> open) {
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
        text.setWrappingWidth(w - 16);
        // Only the box takes clicks and hovers: a label over a box must not hide it.
        text.setMouseTransparent(true);
        Tooltip tip = new Tooltip(element.label());
        Tooltip.install(r, tip);
        r.setCursor(Cursor.HAND);
        r.setOnMouseClicked(e -> open.accept(element.step()));
        group.getChildren().addAll(r, text);
        shapes.put(element, r);
        texts.put(element, text);
        tips.put(element, tip);
    }

    private static void arrow(Group group, double x1, double y1, double x2, double y2) {
        Line line = new Line(x1, y1, x2, y2 - 1);
        line.setStroke(PENDING);
        line.setStrokeWidth(1.5);
        // A small head pointing down the line: where the traffic goes.
        Polygon head = new Polygon(x2 - 4, y2 - 7, x2 + 4, y2 - 7, x2, y2);
        head.setFill(PENDING);
        line.setMouseTransparent(true);
        head.setMouseTransparent(true);
        group.getChildren().addAll(line, head);
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
            texts.get(element).setText(shown.labels().getOrDefault(element, element.label()));
            String id = shown.ids().get(element);
            String note = shown.notes().get(element);
            // A found resource's note names it with its id already: the id is not repeated.
            tips.get(element).setText(shown.labels().getOrDefault(element, element.label())
                    + (id == null ? "\nnot created yet" : note != null && note.contains(id) ? "" : "\n" + id)
                    + (note == null ? "" : "\n" + note)
                    + "\nclick: open the " + element.step().section().title() + " page");
        });
    }

    /** The text drawn on {@code element} (for tests). */
    public String text(Element element) {
        return texts.get(element).getText();
    }

    /** The tooltip of {@code element} (for tests). */
    public String tooltip(Element element) {
        return tips.get(element).getText();
    }

    /** The shape drawn for {@code element} (for tests). */
    public Node shape(Element element) {
        return shapes.get(element);
    }
}
