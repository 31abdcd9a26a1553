package org.vasco.testkit.hostile;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import org.vasco.common.task.TaskCodec;
import org.vasco.common.task.TileTask;

/**
 * Messages on a tile topic that are not valid tasks: broken or truncated JSON, JSON that is not an object,
 * missing fields, unknown schema versions, and valid-looking tasks whose tile id or run name would escape the
 * data root, reach a shell or an SQL string, or whose centre is off the sky. Each is built from a valid task
 * (so only the hostile part differs) and must be dead-lettered ({@code MALFORMED}) before any stage sees it.
 * (The framework's DeliveryTest covers plain non-JSON, schema 2 and a task for another step; these are the others.)
 */
public final class HostileTaskMessages {

    private static final ObjectMapper JSON = new ObjectMapper();

    private HostileTaskMessages() {
    }

    /** Every task-message case; each builds the raw message body from a valid task. */
    public static List<HostileCase<Function<TileTask, String>>> all() {
        List<HostileCase<Function<TileTask, String>>> cases = new ArrayList<>();
        cases.add(raw("empty-message", "a message with an empty body", t -> "", "No content to map"));
        cases.add(raw("json-null", "the JSON literal null", t -> "null", "the JSON literal null"));
        cases.add(raw("json-array", "a JSON array of the task's values", t -> "[1, \"" + t.runId() + "\", \"" + t.tileId() + "\"]",
                "from Array value"));
        cases.add(raw("json-truncated", "a valid task cut in the middle", t -> {
            String json = TaskCodec.encode(t);
            return json.substring(0, json.length() / 2);
        }, "Unexpected end-of-input"));
        cases.add(raw("control-characters", "a task whose body starts with NUL and BEL bytes",
                t -> "\u0000\u0007" + TaskCodec.encode(t), "Illegal character ((CTRL-CHAR, code 7))"));
        cases.add(edit("empty-object", "{}", t -> t.removeAll(), "Unsupported task schema 0"));
        cases.add(edit("schema-99", "\"schema\": 99 (a future version)", t -> t.put("schema", 99), "Unsupported task schema 99"));
        cases.add(edit("schema-negative", "\"schema\": -1", t -> t.put("schema", -1), "Unsupported task schema -1"));
        cases.add(edit("missing-run-id", "no run_id field", t -> t.remove("run_id"), "Invalid run name"));
        cases.add(edit("tile-id-path-traversal", "tile_id \"../../../etc/passwd\"",
                t -> t.put("tile_id", "../../../etc/passwd"), "Invalid tile id '../../../etc/passwd'"));
        cases.add(edit("tile-id-absolute-path", "tile_id \"/var/lib/vasco/tiles\"",
                t -> t.put("tile_id", "/var/lib/vasco/tiles"), "Invalid tile id '/var/lib/vasco/tiles'"));
        cases.add(edit("tile-id-shell-metacharacters", "tile_id \"tile_RA1.000_DECp1.000; rm -rf ~ $(id)\"",
                t -> t.put("tile_id", "tile_RA1.000_DECp1.000; rm -rf ~ $(id)"), "Invalid tile id 'tile_RA1.000_DECp1.000; rm -rf"));
        cases.add(edit("tile-id-newline", "tile_id with an embedded newline and a fake log line",
                t -> t.put("tile_id", "tile_RA1.000_DECp1.000\nINFO forged"), "Invalid tile id 'tile_RA1.000_DECp1.000\\u000aINFO forged'"));
        cases.add(edit("run-id-sql", "run_id \"x'; drop table run;--\"",
                t -> t.put("run_id", "x'; drop table run;--"), "Invalid run name 'x'; drop table run;--'"));
        cases.add(edit("run-id-path-traversal", "run_id \"../../runs\"",
                t -> t.put("run_id", "../../runs"), "Invalid run name '../../runs'"));
        cases.add(edit("unknown-step", "\"step\": \"bake\"", t -> t.put("step", "bake"), "Unknown step 'bake'"));
        cases.add(edit("ra-nan", "\"ra_deg\": \"NaN\"", t -> t.put("ra_deg", "NaN"), "has an invalid centre (NaN, "));
        cases.add(edit("dec-beyond-pole", "\"dec_deg\": 91.5", t -> t.put("dec_deg", 91.5), ", 91.5))"));
        cases.add(edit("attempt-not-a-number", "\"attempt\": \"many\"", t -> t.put("attempt", "many"),
                "Cannot deserialize value of type `int` from String \"many\""));
        return List.copyOf(cases);
    }

    private static HostileCase<Function<TileTask, String>> raw(String name, String input, Function<TileTask, String> body,
                                                               String phrase) {
        return new HostileCase<>("task", name, input, body, Expected.deadLettered(phrase));
    }

    private static HostileCase<Function<TileTask, String>> edit(String name, String input, Consumer<ObjectNode> change,
                                                                String phrase) {
        Function<TileTask, String> body = t -> {
            ObjectNode node = JSON.valueToTree(t);
            change.accept(node);
            try {
                return JSON.writeValueAsString(node);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("cannot write the hostile task " + name, e);
            }
        };
        return new HostileCase<>("task", name, "a valid task but " + input, body, Expected.deadLettered(phrase));
    }
}
