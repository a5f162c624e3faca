namespace Handoff.Domain.LanguageModels;

/// <summary>Whose utterances a language model listens to. An end user typing an agent command is not an agent.</summary>
public enum Audience
{
    EndUser,
    Agent,
    Any,
}
