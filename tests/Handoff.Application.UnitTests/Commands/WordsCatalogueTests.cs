using System.Reflection;
using Handoff.Application.Common.Commands;
using Handoff.Application.Common.Settings;
using Handoff.Domain.Common;
using Handoff.Domain.Conversations;

namespace Handoff.Application.UnitTests.Commands;

/// <summary>The words catalogue: per-locale fallback, refusal codes turned into sentences, end-user help from the commands.</summary>
public sealed class WordsCatalogueTests
{
    [Fact]
    public void UserHelp_ByDefault_IsTodaysTextByteForByte()
    {
        CommandCatalogue.BuiltIn.UserHelp(new HandoffMessages()).ShouldBe(
            "I can connect you with a person: type *agent*. While you wait, type *cancel* to leave the queue. When talking with an agent, type *end chat* to finish.");
    }

    [Fact]
    public void UserHelp_Overridden_IsTheOverrideWithTheCommandLinesWhereItAsksForThem()
    {
        CommandCatalogue.BuiltIn.UserHelp(new HandoffMessages { Help = "Hospital chat. {commands}" })
            .ShouldBe("Hospital chat. I can connect you with a person: type *agent*. While you wait, type *cancel* to leave the queue. When talking with an agent, type *end chat* to finish.");
        CommandCatalogue.BuiltIn.UserHelp(new HandoffMessages { Help = "Call 112 in an emergency." }).ShouldBe("Call 112 in an emergency.");
    }

    [Fact]
    public void For_FallsBackFromTheTagToItsLanguageToTheDefault()
    {
        var messages = new HandoffMessages();
        messages.UseLocaleOverrides(new Dictionary<string, IReadOnlyDictionary<string, string>>
        {
            ["de"] = new Dictionary<string, string> { ["Welcome"] = "Hallo!", ["AgentLeft"] = "{agent} ist gegangen.", ["Errors:handoff.not_waiting"] = "Sie warten nicht." },
            ["de-DE"] = new Dictionary<string, string> { ["Welcome"] = "Guten Tag!" },
        });

        var german = messages.For("de-DE");
        german.Welcome.ShouldBe("Guten Tag!");
        german.AgentLeft.ShouldBe("{agent} ist gegangen.");
        german.Waiting.ShouldBe(messages.Waiting);
        german.Render(ConversationErrors.NotWaiting).ShouldBe("Sie warten nicht.");

        messages.For("de-AT").Welcome.ShouldBe("Hallo!");
        messages.For("DE-de").Welcome.ShouldBe("Guten Tag!");
        messages.For("fr-FR").ShouldBeSameAs(messages);
        messages.For(null).ShouldBeSameAs(messages);
        messages.For("not a locale").ShouldBeSameAs(messages);
        messages.Welcome.ShouldBe(new HandoffMessages().Welcome);
        messages.Render(ConversationErrors.NotWaiting).ShouldBe("You are not waiting for an agent.");
    }

    [Fact]
    public void Render_FillsTheArguments()
    {
        new HandoffMessages().Render(ConversationErrors.AlreadyTaken("Jane Doe", "Alice")).ShouldBe("Jane Doe was already taken by Alice.");
    }

    [Fact]
    public void Render_UnknownCode_SaysTheCode()
    {
        new HandoffMessages().Render(new Error("nobody.knows")).ShouldBe("nobody.knows");
    }

    [Fact]
    public void EveryDomainRefusal_HasDefaultWords()
    {
        var words = new HandoffMessages();
        var codes = DomainErrors().Select(e => e.Code).Distinct().ToList();

        codes.Count.ShouldBeGreaterThan(15);
        codes.Where(code => !words.Errors.ContainsKey(code)).ShouldBeEmpty();
    }

    /// <summary>The refusals the Domain declares as static fields, and those its factories make (called with placeholder data).</summary>
    internal static IEnumerable<Error> DomainErrors() =>
        typeof(Error).Assembly.GetTypes()
            .Where(t => t.IsAbstract && t.IsSealed)
            .SelectMany(t => t.GetMembers(BindingFlags.Public | BindingFlags.Static))
            .SelectMany(member => member switch
            {
                FieldInfo { FieldType: var type } field when type == typeof(Error) && field.GetValue(null) is Error error && error != Error.None => [error],
                MethodInfo { ReturnType: var type } method when type == typeof(Error) => [(Error)method.Invoke(null, [.. method.GetParameters().Select(Placeholder)])!],
                _ => Array.Empty<Error>(),
            });

    private static object? Placeholder(ParameterInfo parameter) =>
        parameter.ParameterType == typeof(string) ? "x"
        : parameter.ParameterType == typeof(int) ? 1
        : Activator.CreateInstance(parameter.ParameterType);
}
