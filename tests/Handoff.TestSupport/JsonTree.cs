using System.Text.Json.Nodes;

namespace Handoff.TestSupport;

/// <summary>Walks a JSON document: every object in it, depth first, the root included (e.g. a card's actions at any depth).</summary>
public static class JsonTree
{
    public static IEnumerable<JsonObject> Objects(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject item:
                yield return item;
                foreach (var child in item.SelectMany(p => Objects(p.Value)))
                {
                    yield return child;
                }

                break;
            case JsonArray list:
                foreach (var child in list.SelectMany(Objects))
                {
                    yield return child;
                }

                break;
        }
    }
}
