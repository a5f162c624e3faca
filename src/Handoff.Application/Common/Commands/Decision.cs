using Handoff.Application.Common.Behaviors;
using Handoff.Domain.Common;
using Microsoft.Extensions.DependencyInjection;

namespace Handoff.Application.Common.Commands;

/// <summary>
/// What the router decided for one inbound message: the command, and how to run it. Running validates the command and
/// calls its handler directly, inside the inbound message's pipeline run and unit of work: no second pipeline run (no
/// second logging, retry or idempotency check), and the handler's one save commits everything (ADR-008).
/// </summary>
public sealed class Decision
{
    private readonly Func<IServiceProvider, CancellationToken, ValueTask<Result>> _run;

    private Decision(ICommand<Result> command, Func<IServiceProvider, CancellationToken, ValueTask<Result>> run)
    {
        Command = command;
        _run = run;
    }

    /// <summary>The decided command (what unit tests of the router assert).</summary>
    public ICommand<Result> Command { get; }

    public static Decision Of<TCommand>(TCommand command)
        where TCommand : ICommand<Result> =>
        new(command, async (services, cancellationToken) =>
        {
            await ValidationBehavior<TCommand, Result>.ValidateAsync(services.GetServices<IValidator<TCommand>>(), command, cancellationToken);
            return await services.GetRequiredService<ICommandHandler<TCommand, Result>>().Handle(command, cancellationToken);
        });

    public ValueTask<Result> RunAsync(IServiceProvider services, CancellationToken cancellationToken) => _run(services, cancellationToken);

    public override string ToString() => Command.ToString() ?? Command.GetType().Name;
}
