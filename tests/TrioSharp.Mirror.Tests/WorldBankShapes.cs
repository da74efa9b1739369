namespace TrioSharp.Mirror.Tests;

/// <summary>Response bodies of the real World Bank API, as recorded (see the fixtures' README).</summary>
internal static class WorldBankShapes
{
    /// <summary>The message-120 error the real API sends with HTTP 200 for an unknown id or indicator.</summary>
    public const string InvalidValue =
        """[{"message":[{"id":"120","key":"Invalid value","value":"The provided parameter value is not valid"}]}]""";

    /// <summary>The answer for a country with no data at all (AFR, BEA, BEC).</summary>
    public const string NoData = """[{"page":0,"pages":0,"per_page":0,"total":0,"sourceid":null,"lastupdated":null},null]""";
}
