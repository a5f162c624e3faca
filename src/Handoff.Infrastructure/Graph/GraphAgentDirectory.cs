using Handoff.Application.Common.Interfaces;
using Handoff.Infrastructure.Settings;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Graph.Users.Item.CheckMemberGroups;

namespace Handoff.Infrastructure.Graph;

/// <summary>
/// Agent rights from Microsoft Graph: <c>POST /users/{id}/checkMemberGroups</c> with the agent group (transitive, so
/// nested groups count), then <c>GET /users/{id}</c> for the agent's name and mail. Every call asks Graph; a
/// definitive answer is remembered in the <see cref="MembershipCache"/>. When Graph cannot answer, a fresh remembered
/// answer stands (an agent already signed in keeps working); without one the answer is "unavailable, try again".
/// </summary>
public sealed class GraphAgentDirectory(
    GraphClientProvider graph,
    MembershipCache cache,
    IOptionsMonitor<TeamsOptions> teams,
    ILogger<GraphAgentDirectory> logger) : IAgentDirectory
{
    private static readonly string[] s_profileFields = ["id", "displayName", "mail", "userPrincipalName"];

    public async ValueTask<AgentAuthorization> AuthorizeAsync(string entraObjectId, CancellationToken cancellationToken)
    {
        var connection = graph.Current;
        var group = teams.CurrentValue.AgentGroupObjectId?.Trim();
        if (connection is null || string.IsNullOrEmpty(group))
        {
            return new AgentAuthorization(AgentAuthorizationOutcome.NotConfigured, Detail: "Microsoft Graph is not configured");
        }

        var answer = await AskGraphAsync(connection, entraObjectId.Trim(), group, cancellationToken);
        if (answer.Outcome != AgentAuthorizationOutcome.Unavailable)
        {
            cache.Store(entraObjectId, group, answer);
            return answer;
        }

        if (cache.TryGetFresh(entraObjectId, group, out var remembered))
        {
            logger.LogWarning("Graph could not confirm {EntraObjectId} ({Detail}); the answer from the last check still stands: {Outcome}.", entraObjectId, answer.Detail, remembered.Outcome);
            return remembered;
        }

        return answer;
    }

    private async Task<AgentAuthorization> AskGraphAsync(GraphConnection connection, string userId, string group, CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(userId, out _))
        {
            // Not an object id: nobody Graph could confirm (and never a path segment to send).
            return new AgentAuthorization(AgentAuthorizationOutcome.NotAMember, Detail: "not an Entra object id");
        }

        try
        {
            var matched = await connection.Directory.ExecuteAsync(
                async ct => await connection.Client.Users[userId].CheckMemberGroups.PostAsCheckMemberGroupsPostResponseAsync(
                    new CheckMemberGroupsPostRequestBody { GroupIds = [group] }, cancellationToken: ct),
                cancellationToken);
            if (matched?.Value?.Any(id => string.Equals(id, group, StringComparison.OrdinalIgnoreCase)) != true)
            {
                logger.LogInformation("{EntraObjectId} is not a member of the agent group {GroupObjectId}.", userId, group);
                return new AgentAuthorization(AgentAuthorizationOutcome.NotAMember, Detail: "not a member of the agent group");
            }
        }
        catch (Exception ex) when (GraphErrors.StatusOf(ex) is 404 or 400)
        {
            logger.LogInformation("{EntraObjectId} is unknown to Microsoft Graph ({Detail}).", userId, GraphErrors.Describe(ex));
            return new AgentAuthorization(AgentAuthorizationOutcome.NotAMember, Detail: "unknown to the directory");
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning("Cannot check agent group membership of {EntraObjectId}: {Detail}", userId, GraphErrors.Describe(ex));
            return new AgentAuthorization(AgentAuthorizationOutcome.Unavailable, Detail: GraphErrors.Describe(ex));
        }

        try
        {
            var user = await connection.Directory.ExecuteAsync(
                async ct => await connection.Client.Users[userId].GetAsync(r => r.QueryParameters.Select = s_profileFields, ct),
                cancellationToken);
            return new AgentAuthorization(AgentAuthorizationOutcome.Authorized, NullIfBlank(user?.DisplayName), NullIfBlank(user?.Mail) ?? NullIfBlank(user?.UserPrincipalName));
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            // Membership is what grants the rights; without the profile the name from the channel is used.
            logger.LogWarning("{EntraObjectId} is an agent but their profile could not be read: {Detail}", userId, GraphErrors.Describe(ex));
            return new AgentAuthorization(AgentAuthorizationOutcome.Authorized);
        }
    }

    private static string? NullIfBlank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
