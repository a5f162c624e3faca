using Handoff.Infrastructure.Graph;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Handoff.TestSupport.FakeGraph;

/// <summary>Points a <see cref="TestHost"/> at a <see cref="FakeGraphServer"/>: Teams settings, <c>Graph:BaseUrl</c>, the fake credential.</summary>
public static class FakeGraphHostExtensions
{
    public const string TenantId = "6f1d3c8e-2a4b-4c5d-9e7f-0a1b2c3d4e5f";
    public const string ClientId = "0b9c8d7e-6f5a-4b3c-2d1e-0f9a8b7c6d5e";
    public const string ClientSecret = "test-secret-never-logged-7Q~x";

    public static TestHostOptions UseFakeGraph(this TestHostOptions options, FakeGraphServer graph, string agentGroupObjectId, FakeGraphCredentialFactory credentials, string? defaultOrganizerObjectId = null)
    {
        options.Settings["Teams:TenantId"] = TenantId;
        options.Settings["Teams:ClientId"] = ClientId;
        options.Settings["Teams:ClientSecret"] = ClientSecret;
        options.Settings["Teams:AgentGroupObjectId"] = agentGroupObjectId;
        options.Settings["Teams:DefaultMeetingOrganizerObjectId"] = defaultOrganizerObjectId;
        options.Settings["Graph:BaseUrl"] = graph.BaseUrl;
        options.Services.Add(services => services.Replace(ServiceDescriptor.Singleton<IGraphCredentialFactory>(credentials)));
        return options;
    }
}
