using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Handoff.Bot.FunctionalTests.Operations;

public sealed class LogTests
{
    [Fact]
    public async Task UseCaseLogs_CarryTheTraceAndTheConversation_NoMessageTextOrToken()
    {
        var logs = new ScopeCapture();
        await using var telemetry = await TelemetryHost.StartAsync(options =>
        {
            options.Settings["Logging:LogLevel:Default"] = "Information";
            options.Settings["Logging:LogLevel:Microsoft.AspNetCore"] = "Information";
            options.Settings["Logging:LogLevel:Handoff"] = "Debug";
            options.Services.Add(services => services.AddSingleton<ILoggerProvider>(logs));
        });
        await using var handoff = await ScriptedHandoff.LoginAndQueueAsync(telemetry.Host.Client);
        await handoff.ConnectAsync();
        await handoff.User.PostMessageAsync("my knee hurts since Tuesday", "u-secret-text");
        await handoff.Agent.WaitForTextAsync("my knee hurts since Tuesday");

        var entries = logs.Entries.ToList();
        var useCase = entries.Where(e => e.Category.StartsWith("Handoff.Application.Common.Behaviors.LoggingBehavior", StringComparison.Ordinal) && e.Message.StartsWith("HandleIncomingMessageCommand", StringComparison.Ordinal)).ToList();
        useCase.ShouldNotBeEmpty();
        useCase.ShouldAllBe(e => e.Scopes.Contains("TraceId="));
        useCase.ShouldContain(e => e.Scopes.Contains($"ConversationId=directline:{handoff.User.ConversationId}"));

        var upToInformation = entries.Where(e => e.Level <= LogLevel.Information).ToList();
        upToInformation.ShouldNotContain(e => e.Message.Contains("knee", StringComparison.Ordinal) || e.Scopes.Contains("knee", StringComparison.Ordinal), "no message text");
        upToInformation.ShouldNotContain(e => e.Message.Contains(handoff.User.Token, StringComparison.Ordinal) || e.Message.Contains("?t=", StringComparison.Ordinal), "no Direct Line token");
        upToInformation.ShouldNotContain(e => e.Message.Contains(TelemetryHost.AgentKey, StringComparison.Ordinal), "no agent key");
    }

    /// <summary>Records each log line with its level and the text of its scopes (trace ids, conversation).</summary>
    private sealed class ScopeCapture : ILoggerProvider, ISupportExternalScope
    {
        private IExternalScopeProvider _scopes = new LoggerExternalScopeProvider();

        public ConcurrentQueue<(LogLevel Level, string Category, string Message, string Scopes)> Entries { get; } = new();

        public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

        public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

        public void Dispose()
        {
        }

        private sealed class Logger(ScopeCapture capture, string category) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => capture._scopes.Push(state);

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                var scopes = new System.Text.StringBuilder();
                capture._scopes.ForEachScope((scope, text) =>
                {
                    if (scope is IEnumerable<KeyValuePair<string, object?>> pairs)
                    {
                        foreach (var (key, value) in pairs)
                        {
                            text.Append(key).Append('=').Append(value).Append(';');
                        }
                    }
                    else
                    {
                        text.Append(scope).Append(';');
                    }
                }, scopes);
                capture.Entries.Enqueue((logLevel, category, formatter(state, exception), scopes.ToString()));
            }
        }
    }
}
